"""comments: an optional comment box per instrument, comments stored apart from responses

Revision ID: c0e4a7d2b915
Revises: d4b81f6e2a57
Create Date: 2026-12-01 17:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c0e4a7d2b915'
down_revision = 'd4b81f6e2a57'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('comments',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('instrument_key', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('hidden', sa.Boolean(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comments_campaign_id'), ['campaign_id'], unique=False)
    with op.batch_alter_table('campaign_instruments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comment_prompt', sa.String(length=300), nullable=True))
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comment_threshold', sa.Integer(), server_default='8', nullable=False))
    with op.batch_alter_table('organization_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comment_threshold', sa.Integer(), server_default='8', nullable=False))


def downgrade():
    with op.batch_alter_table('organization_settings', schema=None) as batch_op:
        batch_op.drop_column('comment_threshold')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_column('comment_threshold')
    with op.batch_alter_table('campaign_instruments', schema=None) as batch_op:
        batch_op.drop_column('comment_prompt')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comments_campaign_id'))
    op.drop_table('comments')
