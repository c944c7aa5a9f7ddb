"""visits with several services: visit; ticket.visit_id, visit_step, visit_needs;
requirement.product_of (the service whose product a document is)

Revision ID: f3a1b2c4d501
Revises: e0c3a1f9b400
Create Date: 2026-12-03 23:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3a1b2c4d501'
down_revision = 'e0c3a1f9b400'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('idempotency_key', sa.String(length=80), nullable=False),
    sa.Column('request_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('life_event', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_visit_site_id_site'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit')),
    sa.UniqueConstraint('code', name=op.f('uq_visit_code')),
    sa.UniqueConstraint('site_id', 'idempotency_key', name=op.f('uq_visit_site_id_idempotency_key'))
    )
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_site_id'), ['site_id'], unique=False)

    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visit_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('visit_step', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('visit_needs', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index(batch_op.f('ix_ticket_visit_id'), ['visit_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_ticket_visit_id_visit'), 'visit', ['visit_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('requirement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('product_of', sa.String(length=80), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('requirement', schema=None) as batch_op:
        batch_op.drop_column('product_of')
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_ticket_visit_id_visit'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_ticket_visit_id'))
        batch_op.drop_column('visit_needs')
        batch_op.drop_column('visit_step')
        batch_op.drop_column('visit_id')
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_site_id'))
    op.drop_table('visit')
