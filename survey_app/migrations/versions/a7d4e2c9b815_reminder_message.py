"""reminder message: the leader's own words at the top of every reminder of a campaign

Revision ID: a7d4e2c9b815
Revises: e8b3d6a1c4f7
Create Date: 2026-12-02 06:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d4e2c9b815'
down_revision = 'e8b3d6a1c4f7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_message', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_column('reminder_message')
