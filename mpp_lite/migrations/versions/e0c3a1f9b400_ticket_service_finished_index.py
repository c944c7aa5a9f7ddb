"""ticket (service_id, finished_at) where status = 'done': the service's last finished tickets, read with
every ticket page and status answer (the key of the recent average, queue/status.py
average_for) without scanning the service's tickets

Revision ID: e0c3a1f9b400
Revises: e2b6d1a8c302
Create Date: 2026-12-03 20:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e0c3a1f9b400'
down_revision = 'e2b6d1a8c302'
branch_labels = None
depends_on = None


def upgrade():
    # Partial: a new (waiting) ticket costs this index nothing.
    where = sa.text("status = 'done'")
    if op.get_bind().dialect.name == "postgresql":
        # CONCURRENTLY: bookings go on while a large ticket table is indexed.
        with op.get_context().autocommit_block():
            op.create_index('ix_ticket_service_finished', 'ticket', ['service_id', 'finished_at'],
                            postgresql_where=where, postgresql_concurrently=True)
    else:
        op.create_index('ix_ticket_service_finished', 'ticket', ['service_id', 'finished_at'],
                        sqlite_where=where)


def downgrade():
    op.drop_index('ix_ticket_service_finished', table_name='ticket')
