"""service outside the MPP: availability 'outside' and where to go instead

Revision ID: e7f3b9c1a402
Revises: d4e1a7b2c901
Create Date: 2026-12-03 04:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7f3b9c1a402'
down_revision = 'd4e1a7b2c901'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.add_column(sa.Column('elsewhere_place', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.drop_constraint(batch_op.f('ck_service_availability'), type_='check')
        batch_op.create_check_constraint(
            'availability', "availability IN ('full', 'partial', 'info', 'outside')")


def downgrade():
    # Entries for needs handled outside the MPP have no place in the older schema.
    op.execute("DELETE FROM service WHERE availability = 'outside'")
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_service_availability'), type_='check')
        batch_op.create_check_constraint(
            'availability', "availability IN ('full', 'partial', 'info')")
        batch_op.drop_column('elsewhere_place')
