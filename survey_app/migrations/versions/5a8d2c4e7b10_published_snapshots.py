"""published snapshots: what an open campaign's results show, per team

Revision ID: 5a8d2c4e7b10
Revises: 3c1f0e7a9b52
Create Date: 2026-12-01 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a8d2c4e7b10'
down_revision = '3c1f0e7a9b52'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('response_tallies', 'answer_tallies'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('published_count', sa.Integer(), server_default='0', nullable=False)
            )
        # What was already stored had been shown: it stays published.
        op.execute(sa.text(f'UPDATE {table} SET published_count = count'))


def downgrade():
    for table in ('answer_tallies', 'response_tallies'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('published_count')
