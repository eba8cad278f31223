"""user language: the language a user's pages and report downloads are in (en, es, fr, de)

Revision ID: e8b3d6a1c4f7
Revises: f1c7a9d3e265
Create Date: 2026-12-01 20:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e8b3d6a1c4f7'
down_revision = 'f1c7a9d3e265'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), server_default='en', nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('language')
