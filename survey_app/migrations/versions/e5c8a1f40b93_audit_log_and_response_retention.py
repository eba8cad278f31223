"""audit log and response retention: audit_entries, organizations.response_retention_months

Revision ID: e5c8a1f40b93
Revises: d9a3e5b71c04
Create Date: 2026-12-03 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e5c8a1f40b93'
down_revision = 'd9a3e5b71c04'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_email', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('object_kind', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('object_label', sa.String(length=200), nullable=False),
    sa.Column('details', sa.String(length=500), nullable=False),
    sa.Column('address', sa.String(length=45), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_audit_entries_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_entries_org_at', ['organization_id', 'at'], unique=False)

    # A plain ADD COLUMN (nullable): SQLite does not rebuild the organizations table for it,
    # so nothing that refers to an organisation is cascaded away.
    op.add_column('organizations', sa.Column('response_retention_months', sa.Integer(), nullable=True))


def downgrade():
    # DROP COLUMN in place (SQLite 3.35+ and PostgreSQL): no rebuild, so nothing cascades.
    op.drop_column('organizations', 'response_retention_months')

    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_org_at')
        batch_op.drop_index(batch_op.f('ix_audit_entries_at'))
    op.drop_table('audit_entries')
