"""moving: rescheduled tickets, declared counter closures, no-show grace rules

Revision ID: e2b6d1a8c302
Revises: e1a5c0f7b201
Create Date: 2026-12-03 20:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e2b6d1a8c302'
down_revision = 'e1a5c0f7b201'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ticket_move',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('from_day', sa.Date(), nullable=False),
    sa.Column('from_prefix', sa.String(length=2), nullable=False),
    sa.Column('from_sequence', sa.Integer(), nullable=False),
    sa.Column('to_day', sa.Date(), nullable=False),
    sa.Column('to_prefix', sa.String(length=2), nullable=False),
    sa.Column('to_sequence', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('citizen', 'staff', 'closure', 'return')", name=op.f('ck_ticket_move_kind')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'], name=op.f('fk_ticket_move_staff_id_staff_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_ticket_move_ticket_id_ticket'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_move'))
    )
    with op.batch_alter_table('ticket_move', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_move_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('counter_closure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('counter_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('declared_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('declared_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['counter_id'], ['counter.id'], name=op.f('fk_counter_closure_counter_id_counter'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['declared_by_id'], ['staff_user.id'], name=op.f('fk_counter_closure_declared_by_id_staff_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_counter_closure_site_id_site'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_counter_closure')),
    sa.UniqueConstraint('counter_id', 'day', name=op.f('uq_counter_closure_counter_id_day'))
    )
    with op.batch_alter_table('counter_closure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_counter_closure_site_id'), ['site_id'], unique=False)

    op.create_table('no_show_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('after_calls', sa.Integer(), nullable=False),
    sa.Column('grace_minutes', sa.Integer(), nullable=False),
    sa.CheckConstraint('after_calls > 0', name=op.f('ck_no_show_rule_after_calls')),
    sa.CheckConstraint('grace_minutes >= 0', name=op.f('ck_no_show_rule_grace_minutes')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_no_show_rule_service_id_service'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_no_show_rule_site_id_site'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_no_show_rule')),
    sa.UniqueConstraint('site_id', 'service_id', name=op.f('uq_no_show_rule_site_id_service_id'))
    )
    # NULLs are distinct in the constraint above: one site-wide rule per site.
    op.create_index('uq_no_show_rule_site_wide', 'no_show_rule', ['site_id'], unique=True,
                    sqlite_where=sa.text('service_id IS NULL'),
                    postgresql_where=sa.text('service_id IS NULL'))


def downgrade():
    op.drop_index('uq_no_show_rule_site_wide', table_name='no_show_rule')
    op.drop_table('no_show_rule')
    op.drop_table('counter_closure')
    with op.batch_alter_table('ticket_move', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_move_ticket_id'))

    op.drop_table('ticket_move')
