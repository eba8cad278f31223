"""action plans and strategy sessions: actions, sessions, their attendees and decisions

Revision ID: a61c3e8f2d90
Revises: 7e31c2866d58
Create Date: 2026-12-01 17:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a61c3e8f2d90'
down_revision = '7e31c2866d58'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('strategy_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('horizon_from', sa.Integer(), nullable=False),
    sa.Column('horizon_to', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('horizon_from BETWEEN 1 AND 8 AND horizon_to BETWEEN horizon_from AND 8', name='session_horizon_range'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('strategy_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_strategy_sessions_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_strategy_sessions_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_strategy_sessions_organization_id'), ['organization_id'], unique=False)

    op.create_table('actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('target_kind', sa.Enum('practice', 'enemy', name='targetkind', native_enum=False, create_constraint=False, length=20), nullable=False),
    sa.Column('target_key', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('owner_name', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('planned', 'in_progress', 'done', 'dropped', name='actionstatus', native_enum=False, create_constraint=False, length=20), nullable=False),
    sa.Column('finished_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['strategy_sessions.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actions_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actions_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actions_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actions_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actions_session_id'), ['session_id'], unique=False)

    op.create_table('session_attendees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('roles', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['strategy_sessions.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('session_attendees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_attendees_session_id'), ['session_id'], unique=False)

    op.create_table('session_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['strategy_sessions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('session_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_decisions_session_id'), ['session_id'], unique=False)


def downgrade():
    op.drop_table('session_decisions')
    op.drop_table('session_attendees')
    op.drop_table('actions')
    op.drop_table('strategy_sessions')
