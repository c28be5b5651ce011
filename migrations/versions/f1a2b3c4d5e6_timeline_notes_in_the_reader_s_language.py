"""timeline notes the system writes are a template and its params, rendered for the reader

Revision ID: f1a2b3c4d5e6
Revises: a7d3e9f1c5b2
Create Date: 2026-11-30 23:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1a2b3c4d5e6'
down_revision = 'a7d3e9f1c5b2'
branch_labels = None
depends_on = None


def upgrade():
    # Notes written before this stay as they were written (English), in `note`.
    with op.batch_alter_table('job_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note_template', sa.String(length=48), nullable=True))
        batch_op.add_column(sa.Column('note_params', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('job_events', schema=None) as batch_op:
        batch_op.drop_column('note_params')
        batch_op.drop_column('note_template')
