"""self-service kiosks (anjungan): kiosk, kiosk_agency; ticket.kiosk_id and channel "kiosk"

Revision ID: e1a5c0f7b201
Revises: b3f7a2c9d410
Create Date: 2026-12-03 20:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e1a5c0f7b201'
down_revision = 'b3f7a2c9d410'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('kiosk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('pairing_hash', sa.String(length=64), nullable=True),
    sa.Column('pairing_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('paired_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff_user.id'], name=op.f('fk_kiosk_created_by_id_staff_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_kiosk_site_id_site'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kiosk')),
    sa.UniqueConstraint('pairing_hash', name=op.f('uq_kiosk_pairing_hash')),
    sa.UniqueConstraint('site_id', 'name', name=op.f('uq_kiosk_site_id_name')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_kiosk_token_hash'))
    )
    with op.batch_alter_table('kiosk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kiosk_site_id'), ['site_id'], unique=False)

    op.create_table('kiosk_agency',
    sa.Column('kiosk_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_kiosk_agency_agency_id_agency'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['kiosk_id'], ['kiosk.id'], name=op.f('fk_kiosk_agency_kiosk_id_kiosk'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('kiosk_id', 'agency_id', name=op.f('pk_kiosk_agency'))
    )
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kiosk_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_ticket_kiosk_id_kiosk'), 'kiosk', ['kiosk_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_constraint(batch_op.f('ck_ticket_channel'), type_='check')
        batch_op.create_check_constraint(
            'channel', "channel IN ('online', 'walkin', 'village', 'assisted', 'api', 'chat', 'kiosk')")


def downgrade():
    op.execute("UPDATE ticket SET channel = 'walkin' WHERE channel = 'kiosk'")
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_ticket_channel'), type_='check')
        batch_op.create_check_constraint(
            'channel', "channel IN ('online', 'walkin', 'village', 'assisted', 'api', 'chat')")
        batch_op.drop_constraint(batch_op.f('fk_ticket_kiosk_id_kiosk'), type_='foreignkey')
        batch_op.drop_column('kiosk_id')
    op.drop_table('kiosk_agency')
    with op.batch_alter_table('kiosk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kiosk_site_id'))
    op.drop_table('kiosk')
