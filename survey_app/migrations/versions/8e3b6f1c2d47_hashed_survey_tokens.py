"""hashed survey tokens: invitations keep only a link's SHA-256; used links are remembered

Revision ID: 8e3b6f1c2d47
Revises: 5a8d2c4e7b10
Create Date: 2026-12-02 10:00:00.000000

"""
import hashlib
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8e3b6f1c2d47'
down_revision = '5a8d2c4e7b10'
branch_labels = None
depends_on = None


def _digest(token):
    # The same digest as survey_app.models.invitations.token_digest, written out here so that
    # this migration keeps doing what it did whatever the model becomes.
    return hashlib.sha256(token.encode()).hexdigest()


def upgrade():
    op.create_table('used_tokens',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Enum('used', 'replaced', name='usedtokenreason', native_enum=False, length=20), nullable=False),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_used_tokens_invitation_id_invitations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_used_tokens'))
    )
    with op.batch_alter_table('used_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_used_tokens_invitation_id'), ['invitation_id'], unique=False)

    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('private_link', sa.Boolean(), server_default=sa.false(), nullable=False))

    # Hash every link in place (SQLite has no sha256 function): the links already handed out
    # keep working, and from here on no table holds one that could be used.
    connection = op.get_bind()
    invitations = sa.table('invitations', sa.column('id', sa.Integer), sa.column('token', sa.String), sa.column('token_hash', sa.String))
    rows = connection.execute(sa.select(invitations.c.id, invitations.c.token)).all()
    for invitation_id, token in rows:
        connection.execute(
            invitations.update()
            .where(invitations.c.id == invitation_id)
            .values(token_hash=_digest(token))
        )

    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_invitations_token'), type_='unique')
        batch_op.drop_column('token')
        batch_op.alter_column('token_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_invitations_token_hash'), ['token_hash'])


def downgrade():
    # A digest cannot be turned back into its link: every personal link gets a new token, and
    # the links handed out before stop working.
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token', sa.String(length=64), nullable=True))
    connection = op.get_bind()
    invitations = sa.table('invitations', sa.column('id', sa.Integer), sa.column('token', sa.String))
    for (invitation_id,) in connection.execute(sa.select(invitations.c.id)).all():
        connection.execute(
            invitations.update()
            .where(invitations.c.id == invitation_id)
            .values(token=secrets.token_urlsafe(24))
        )
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_invitations_token_hash'), type_='unique')
        batch_op.drop_column('private_link')
        batch_op.drop_column('token_hash')
        batch_op.alter_column('token', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_invitations_token'), ['token'])

    with op.batch_alter_table('used_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_used_tokens_invitation_id'))
    op.drop_table('used_tokens')
