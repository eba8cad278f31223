"""record versions: optimistic locking of campaigns and companies

Revision ID: 3c1f0e7a9b52
Revises: 617d2e11a0eb
Create Date: 2026-12-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c1f0e7a9b52'
down_revision = '617d2e11a0eb'
branch_labels = None
depends_on = None


def upgrade():
    # Existing rows start at version 1, like new ones.
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.drop_column('version')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_column('version')
