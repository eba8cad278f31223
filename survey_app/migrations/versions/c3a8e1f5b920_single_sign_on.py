"""single sign-on: an organisation's OpenID Connect provider, and password sign-in turned off

Revision ID: c3a8e1f5b920
Revises: b7e2c9d4a1f3
Create Date: 2026-12-01 18:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3a8e1f5b920'
down_revision = 'b7e2c9d4a1f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'organization_sso',
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('issuer', sa.String(length=500), nullable=False),
        sa.Column('client_id', sa.String(length=255), nullable=False),
        sa.Column('client_secret', sa.String(length=500), nullable=False),
        sa.Column('email_domain', sa.String(length=253), nullable=False),
        sa.Column('default_role', sa.Enum('admin', 'leader', 'rep', name='role', native_enum=False, create_constraint=False, length=20), nullable=False),
        sa.Column('password_off', sa.Boolean(), nullable=False),
        sa.Column('break_glass_user_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['break_glass_user_id'], ['users.id'], name=op.f('fk_organization_sso_break_glass_user_id_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_organization_sso_organization_id_organizations'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('organization_id', name=op.f('pk_organization_sso')),
        sa.UniqueConstraint('email_domain', name=op.f('uq_organization_sso_email_domain')),
    )


def downgrade():
    op.drop_table('organization_sso')
