"""company name keys: one company or prospect per name in an organisation

Revision ID: c4f2a9d81e36
Revises: b7d41e9a3c25
Create Date: 2026-12-01 16:00:00.000000

"""
import hashlib
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4f2a9d81e36'
down_revision = 'b7d41e9a3c25'
branch_labels = None
depends_on = None


def _strip(text):
    decomposed = unicodedata.normalize('NFKD', text)
    return ''.join(c for c in decomposed if unicodedata.category(c) not in ('Mn', 'Cf'))


def _fold(name):
    # survey_app.names.fold_name as of this revision, copied so that the migration keeps
    # meaning what it meant when the rule changes.
    return ' '.join(_strip(_strip(name).casefold()).casefold().split())


def upgrade():
    # Added NOT NULL with a default and filled in place: on SQLite a NOT NULL change would
    # rebuild the companies table, whose DROP cascades to assessments with foreign keys on.
    op.add_column(
        'companies',
        sa.Column('name_key', sa.String(length=64), server_default='', nullable=False),
    )
    conn = op.get_bind()
    companies = sa.table(
        'companies',
        sa.column('id', sa.Integer),
        sa.column('organization_id', sa.Integer),
        sa.column('name', sa.String),
        sa.column('name_key', sa.String),
    )
    rows = conn.execute(
        sa.select(companies.c.id, companies.c.organization_id, companies.c.name).order_by(
            companies.c.organization_id, companies.c.id
        )
    ).all()
    taken = set()
    for company_id, org_id, name in rows:
        folded = _fold(name or '')
        if (org_id, folded) in taken:
            # A duplicate stored before the rule keeps its name and a key of its own; saving it
            # under the same name keeps that key (see Company._keep_name_key).
            folded = f'{folded}\x1f{company_id}'
        taken.add((org_id, folded))
        key = hashlib.sha256(folded.encode()).hexdigest()
        conn.execute(
            companies.update().where(companies.c.id == company_id).values(name_key=key)
        )
    op.create_index(
        'uq_companies_name_key', 'companies', ['organization_id', 'name_key'], unique=True
    )


def downgrade():
    op.drop_index('uq_companies_name_key', table_name='companies')
    # Dropped in place (SQLite 3.35+ and PostgreSQL): no rebuild, so nothing cascades.
    op.drop_column('companies', 'name_key')
