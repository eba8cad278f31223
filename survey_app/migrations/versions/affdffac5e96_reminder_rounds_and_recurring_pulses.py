"""reminder rounds (manual and scheduled, one scheduled round per campaign and due day); a
campaign's reminder schedule, its repetition every N weeks and the wave it follows (unique)

Revision ID: affdffac5e96
Revises: d4f1b7a9c3e2
Create Date: 2026-12-01 16:57:09.683675

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'affdffac5e96'
down_revision = 'd4f1b7a9c3e2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reminder_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('trigger', sa.Enum('manual', 'scheduled', name='remindertrigger', native_enum=False, length=20), nullable=False),
    sa.Column('scheduled_for', sa.Date(), nullable=True),
    sa.Column('days_before', sa.Integer(), nullable=True),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('recipients', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_reminder_rounds_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_rounds')),
    sa.UniqueConstraint('campaign_id', 'scheduled_for', name='uq_reminder_rounds_due_day')
    )
    with op.batch_alter_table('reminder_rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_rounds_campaign_id'), ['campaign_id'], unique=False)

    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_days', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('repeat_weeks', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('previous_wave_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_campaigns_previous_wave_id'), ['previous_wave_id'])
        batch_op.create_foreign_key(batch_op.f('fk_campaigns_previous_wave_id_campaigns'), 'campaigns', ['previous_wave_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(
            'repeat_weeks_range', 'repeat_weeks IS NULL OR repeat_weeks BETWEEN 1 AND 52'
        )



def downgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_campaigns_repeat_weeks_range'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_campaigns_previous_wave_id_campaigns'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_campaigns_previous_wave_id'), type_='unique')
        batch_op.drop_column('previous_wave_id')
        batch_op.drop_column('repeat_weeks')
        batch_op.drop_column('reminder_days')

    with op.batch_alter_table('reminder_rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_rounds_campaign_id'))

    op.drop_table('reminder_rounds')
