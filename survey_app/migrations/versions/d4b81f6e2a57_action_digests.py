"""action digests: the weekly owner digest claimed once per owner and week

Revision ID: d4b81f6e2a57
Revises: affdffac5e96
Create Date: 2026-12-01 17:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4b81f6e2a57'
down_revision = 'affdffac5e96'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('action_digests',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('week_of', sa.Date(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'week_of')
    )


def downgrade():
    op.drop_table('action_digests')
