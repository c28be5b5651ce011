"""a job's calls in time: calls(job_id, rang_at) replaces calls(job_id)

Revision ID: f2c8d4e6a913
Revises: e4b7a2c91d38
Create Date: 2026-11-30 23:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f2c8d4e6a913'
down_revision = 'e4b7a2c91d38'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_index('ix_calls_job_id')
        batch_op.create_index('ix_calls_job_rang_at', ['job_id', 'rang_at'], unique=False)


def downgrade():
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_index('ix_calls_job_rang_at')
        batch_op.create_index('ix_calls_job_id', ['job_id'], unique=False)
