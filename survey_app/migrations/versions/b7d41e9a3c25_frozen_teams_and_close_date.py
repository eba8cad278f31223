"""frozen teams and the real closing date

Revision ID: b7d41e9a3c25
Revises: 8e3b6f1c2d47
Create Date: 2026-12-01 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d41e9a3c25'
down_revision = '8e3b6f1c2d47'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaign_teams', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.String(length=120), nullable=True))
    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removed_on', sa.Date(), nullable=True))
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_on', sa.Date(), nullable=True))
    # Campaigns that have opened keep the team names they ran with from now on.
    op.execute(sa.text(
        "UPDATE campaign_teams SET name = (SELECT teams.name FROM teams"
        " WHERE teams.id = campaign_teams.team_id)"
        " WHERE campaign_id IN (SELECT id FROM campaigns WHERE status != 'draft')"
    ))


def downgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_column('closed_on')
    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.drop_column('removed_on')
    with op.batch_alter_table('campaign_teams', schema=None) as batch_op:
        batch_op.drop_column('name')
