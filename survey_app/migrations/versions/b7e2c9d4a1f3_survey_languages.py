"""survey languages: the languages a campaign offers, the language a response was answered in

Revision ID: b7e2c9d4a1f3
Revises: e5a9c3f1d2b7
Create Date: 2026-12-01 17:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2c9d4a1f3'
down_revision = 'e5a9c3f1d2b7'
branch_labels = None
depends_on = None


def upgrade():
    # Existing campaigns offer all four languages; existing responses were answered in English.
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('languages', sa.JSON(), server_default='["en", "es", "fr", "de"]', nullable=False)
        )
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('language', sa.String(length=8), server_default='en', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_column('languages')
