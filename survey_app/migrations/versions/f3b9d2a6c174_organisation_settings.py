"""organisation settings: bands, paper, accent and logo; the bands stored on each campaign

Revision ID: f3b9d2a6c174
Revises: e5c8a1f40b93
Create Date: 2026-12-03 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3b9d2a6c174'
down_revision = 'e5c8a1f40b93'
branch_labels = None
depends_on = None

# Today's defaults (scoring.bands.DEFAULT_THRESHOLDS), written out: a migration never changes
# with the code. Every existing campaign ran with these, so that is what it keeps.
# A space after each colon: when SQLite's batch mode rebuilds the table it copies this default
# as SQL text, where ":20" would read as a bind parameter (and became NULL).
DEFAULT_BANDS = '{"at_risk": 20, "toxic": 40, "widespread": 50, "dominant": 75, "widespread_count": 3}'


def upgrade():
    op.create_table('organization_settings',
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('own_at_risk', sa.Integer(), nullable=False),
    sa.Column('own_toxic', sa.Integer(), nullable=False),
    sa.Column('prospect_at_risk', sa.Integer(), nullable=False),
    sa.Column('prospect_toxic', sa.Integer(), nullable=False),
    sa.Column('widespread', sa.Integer(), nullable=False),
    sa.Column('dominant', sa.Integer(), nullable=False),
    sa.Column('widespread_count', sa.Integer(), nullable=False),
    sa.Column('paper', sa.String(length=10), nullable=False),
    sa.Column('accent', sa.String(length=7), nullable=True),
    sa.Column('logo_png', sa.LargeBinary(), nullable=True),
    sa.Column('logo_width', sa.Integer(), nullable=True),
    sa.Column('logo_height', sa.Integer(), nullable=True),
    sa.Column('logo_version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('own_at_risk > 0 AND own_at_risk < own_toxic AND own_toxic <= 100', name=op.f('ck_organization_settings_own_bands')),
    sa.CheckConstraint('prospect_at_risk > 0 AND prospect_at_risk < prospect_toxic AND prospect_toxic <= 100', name=op.f('ck_organization_settings_prospect_bands')),
    sa.CheckConstraint('widespread > 0 AND widespread < dominant AND dominant <= 100', name=op.f('ck_organization_settings_prevalence')),
    sa.CheckConstraint('widespread_count BETWEEN 2 AND 20', name=op.f('ck_organization_settings_widespread_count')),
    sa.CheckConstraint("paper IN ('a4', 'letter')", name=op.f('ck_organization_settings_paper')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_organization_settings_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organization_id', name=op.f('pk_organization_settings'))
    )
    # A plain ADD COLUMN whose default is the backfill: every existing campaign gets today's
    # bands, and SQLite does not rebuild the campaigns table for it.
    op.add_column('campaigns', sa.Column(
        'band_thresholds', sa.JSON(), nullable=False, server_default=sa.text(f"'{DEFAULT_BANDS}'")
    ))


def downgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_column('band_thresholds')
    op.drop_table('organization_settings')
