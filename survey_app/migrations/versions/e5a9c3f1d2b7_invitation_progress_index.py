"""invitation count indexes: the campaign page's counts from one covering index, and the
opt-outs from a partial one

Revision ID: e5a9c3f1d2b7
Revises: c0e4a7d2b915
Create Date: 2026-12-01 17:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5a9c3f1d2b7'
down_revision = 'c0e4a7d2b915'
branch_labels = None
depends_on = None


def upgrade():
    # campaign, team, kind, status: every count the campaign page shows is read from the
    # index alone (survey_app/campaigns/progress.py), never from the rows. A plain CREATE
    # INDEX, no batch: the table is not rebuilt.
    op.create_index(
        'ix_invitations_progress', 'invitations', ['campaign_id', 'team_id', 'kind', 'status']
    )
    # Only the declined invitations: counting them reads as many entries as people opted out.
    op.create_index(
        'ix_invitations_declined',
        'invitations',
        ['campaign_id'],
        sqlite_where=sa.text('declined_at IS NOT NULL'),
        postgresql_where=sa.text('declined_at IS NOT NULL'),
    )


def downgrade():
    op.drop_index('ix_invitations_declined', table_name='invitations')
    op.drop_index('ix_invitations_progress', table_name='invitations')
