"""ticket idempotency keys scoped to site and service, with a request fingerprint

Revision ID: d4e1a7b2c901
Revises: 83b1fc94e8fc
Create Date: 2026-12-03 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e1a7b2c901'
down_revision = '83b1fc94e8fc'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_fingerprint', sa.String(length=64), nullable=True))
        batch_op.drop_constraint('uq_ticket_idempotency_key', type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_ticket_site_id_service_id_idempotency_key'),
            ['site_id', 'service_id', 'idempotency_key'])


def downgrade():
    # Keys were unique across every site before: fails if two sites now share one.
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_constraint('uq_ticket_site_id_service_id_idempotency_key', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_ticket_idempotency_key'),
                                          ['idempotency_key'])
        batch_op.drop_column('request_fingerprint')
