"""mail deliveries from the job queue (queued, sent, failed with its reason); declined invitations

Revision ID: c6d2f8a41e70
Revises: a8c4e2f19d37
Create Date: 2026-12-01 16:52:18.803575

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6d2f8a41e70'
down_revision = 'a8c4e2f19d37'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('invitation', 'reminder', name='mailkind', native_enum=False, create_constraint=False, length=20), nullable=False),
    sa.Column('state', sa.Enum('queued', 'sending', 'sent', 'failed', 'skipped', name='mailstate', native_enum=False, create_constraint=False, length=20), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('queued_at', sa.DateTime(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(), nullable=True),
    sa.Column('claimed_by', sa.String(length=80), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_mail_deliveries_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_mail_deliveries_invitation_id_invitations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_deliveries'))
    )
    with op.batch_alter_table('mail_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_mail_deliveries_campaign_kind_state', ['campaign_id', 'kind', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_deliveries_invitation_id'), ['invitation_id'], unique=False)

    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('declined_at', sa.DateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_column('declined_at')

    with op.batch_alter_table('mail_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_deliveries_invitation_id'))
        batch_op.drop_index('ix_mail_deliveries_campaign_kind_state')

    op.drop_table('mail_deliveries')
