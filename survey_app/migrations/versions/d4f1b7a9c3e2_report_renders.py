"""stored PDF report renders, one per report, paper and viewer scope

Revision ID: d4f1b7a9c3e2
Revises: c6d2f8a41e70
Create Date: 2026-12-01 17:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4f1b7a9c3e2'
down_revision = 'c6d2f8a41e70'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_renders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('campaign', 'company', name='reportkind', native_enum=False, create_constraint=False, length=20), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('paper', sa.String(length=10), nullable=False),
    sa.Column('scope', sa.String(length=400), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Enum('queued', 'rendering', 'ready', 'failed', name='renderstatus', native_enum=False, create_constraint=False, length=20), nullable=False),
    sa.Column('stage', sa.String(length=80), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kind', 'subject_id', 'paper', 'scope')
    )
    with op.batch_alter_table('report_renders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_renders_organization_id'), ['organization_id'], unique=False)


def downgrade():
    with op.batch_alter_table('report_renders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_renders_organization_id'))

    op.drop_table('report_renders')
