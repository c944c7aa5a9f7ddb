"""site.counters_version and site.notices_version: move on when a counter's status or an
announcement is written (cache keys of the rendered catalogue pages, web/pagecache.py)

Revision ID: b3f7a2c9d410
Revises: c4d2e8f1a706
Create Date: 2026-12-03 16:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3f7a2c9d410'
down_revision = 'c4d2e8f1a706'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.add_column(sa.Column('counters_version', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('notices_version', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_column('notices_version')
        batch_op.drop_column('counters_version')
