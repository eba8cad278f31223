"""invitation counts: per campaign, team, kind and status, kept by triggers on invitations

Revision ID: f1c7a9d3e265
Revises: d4b9f2a6c831
Create Date: 2026-12-01 20:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1c7a9d3e265'
down_revision = 'd4b9f2a6c831'
branch_labels = None
depends_on = None

# A copy of survey_app/models/invitation_counts.py's SQL as of this revision: a migration must
# not change when the module does (tests/test_invitation_counts.py compares the two).
SQLITE_TRIGGERS = (
    'CREATE TRIGGER invitation_counts_insert AFTER INSERT ON invitations BEGIN INSERT INTO invitation_counts (campaign_id, team_key, kind, status, count) VALUES (NEW.campaign_id, coalesce(NEW.team_id, 0), NEW.kind, NEW.status, 1) ON CONFLICT (campaign_id, team_key, kind, status) DO UPDATE SET count = invitation_counts.count + 1; END',
    'CREATE TRIGGER invitation_counts_delete AFTER DELETE ON invitations BEGIN UPDATE invitation_counts SET count = count - 1 WHERE campaign_id = OLD.campaign_id AND team_key = coalesce(OLD.team_id, 0) AND kind = OLD.kind AND status = OLD.status; END',
    'CREATE TRIGGER invitation_counts_update AFTER UPDATE OF campaign_id, team_id, kind, status ON invitations WHEN OLD.campaign_id IS NOT NEW.campaign_id OR OLD.team_id IS NOT NEW.team_id OR OLD.kind IS NOT NEW.kind OR OLD.status IS NOT NEW.status BEGIN UPDATE invitation_counts SET count = count - 1 WHERE campaign_id = OLD.campaign_id AND team_key = coalesce(OLD.team_id, 0) AND kind = OLD.kind AND status = OLD.status; INSERT INTO invitation_counts (campaign_id, team_key, kind, status, count) VALUES (NEW.campaign_id, coalesce(NEW.team_id, 0), NEW.kind, NEW.status, 1) ON CONFLICT (campaign_id, team_key, kind, status) DO UPDATE SET count = invitation_counts.count + 1; END',
)
POSTGRESQL_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION invitation_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP IN ('UPDATE', 'DELETE') THEN UPDATE invitation_counts SET count = count - 1 WHERE campaign_id = OLD.campaign_id AND team_key = coalesce(OLD.team_id, 0) AND kind = OLD.kind AND status = OLD.status; END IF; IF TG_OP IN ('UPDATE', 'INSERT') THEN INSERT INTO invitation_counts (campaign_id, team_key, kind, status, count) VALUES (NEW.campaign_id, coalesce(NEW.team_id, 0), NEW.kind, NEW.status, 1) ON CONFLICT (campaign_id, team_key, kind, status) DO UPDATE SET count = invitation_counts.count + 1; END IF; RETURN NULL; END $$",
    'CREATE TRIGGER invitation_counts_follow_write AFTER INSERT OR DELETE ON invitations FOR EACH ROW EXECUTE FUNCTION invitation_counts_follow()',
    'CREATE TRIGGER invitation_counts_follow_update AFTER UPDATE OF campaign_id, team_id, kind, status ON invitations FOR EACH ROW WHEN (OLD.campaign_id IS DISTINCT FROM NEW.campaign_id OR OLD.team_id IS DISTINCT FROM NEW.team_id OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION invitation_counts_follow()',
)


def upgrade():
    op.create_table(
        'invitation_counts',
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('team_key', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('campaign_id', 'team_key', 'kind', 'status'),
    )
    # The counts as they stand, then the triggers: both in this migration's transaction.
    op.execute(
        "INSERT INTO invitation_counts (campaign_id, team_key, kind, status, count) "
        "SELECT campaign_id, coalesce(team_id, 0), kind, status, count(*) FROM invitations "
        "GROUP BY campaign_id, coalesce(team_id, 0), kind, status"
    )
    triggers = SQLITE_TRIGGERS if op.get_bind().dialect.name == 'sqlite' else POSTGRESQL_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        for name in ('insert', 'delete', 'update'):
            op.execute(f'DROP TRIGGER IF EXISTS invitation_counts_{name}')
    else:
        for name in ('write', 'update'):
            op.execute(f'DROP TRIGGER IF EXISTS invitation_counts_follow_{name} ON invitations')
        op.execute('DROP FUNCTION IF EXISTS invitation_counts_follow()')
    op.drop_table('invitation_counts')
