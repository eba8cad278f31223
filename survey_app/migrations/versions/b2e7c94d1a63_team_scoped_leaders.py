"""team-scoped leaders: a flag on the user and the teams they may see

Revision ID: b2e7c94d1a63
Revises: a61c3e8f2d90
Create Date: 2026-12-01 17:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2e7c94d1a63'
down_revision = 'a61c3e8f2d90'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user_team_scopes',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_user_team_scopes_team_id_teams'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_team_scopes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'team_id', name=op.f('pk_user_team_scopes'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_scoped', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('team_scoped')

    op.drop_table('user_team_scopes')
