"""site.catalog_version: moves on with every catalogue write (cache key of the search index)

Revision ID: a1c5e9d2f604
Revises: f2c8d6e4b503
Create Date: 2026-12-03 07:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c5e9d2f604'
down_revision = 'f2c8d6e4b503'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.add_column(sa.Column('catalog_version', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_column('catalog_version')
