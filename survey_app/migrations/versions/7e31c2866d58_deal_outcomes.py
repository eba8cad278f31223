"""deal outcomes: won, lost or no decision, with the date, the deal size and a note

Revision ID: 7e31c2866d58
Revises: f3b9d2a6c174
Create Date: 2026-12-01 16:49:15.981449

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7e31c2866d58'
down_revision = 'f3b9d2a6c174'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('deal_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.Enum('won', 'lost', 'no_decision', name='outcome', native_enum=False, length=20), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=False),
    sa.Column('deal_size', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('deal_size >= 0', name=op.f('ck_deal_outcomes_deal_size_not_negative')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_deal_outcomes_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_deal_outcomes_organization_id_organizations')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_deal_outcomes_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deal_outcomes')),
    sa.UniqueConstraint('company_id', name=op.f('uq_deal_outcomes_company_id'))
    )
    with op.batch_alter_table('deal_outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deal_outcomes_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deal_outcomes_recorded_by_id'), ['recorded_by_id'], unique=False)



def downgrade():
    with op.batch_alter_table('deal_outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deal_outcomes_recorded_by_id'))
        batch_op.drop_index(batch_op.f('ix_deal_outcomes_organization_id'))

    op.drop_table('deal_outcomes')
