"""the reports' indexes hold what they read: a month is counted from the indexes alone

Revision ID: a7d3e9f1c5b2
Revises: f2c8d4e6a913
Create Date: 2026-11-30 23:15:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a7d3e9f1c5b2'
down_revision = 'f2c8d4e6a913'
branch_labels = None
depends_on = None

# Each index the reports range over, with the columns they read after the moment: the
# database answers from the index, without a lookup into the wide row per job. None of these
# columns is set by a sweep, so the sweeps' updates stay off these indexes.
WIDE = {
    ('jobs', 'ix_jobs_created_at'): ['created_at', 'service_point_id'],
    ('jobs', 'ix_jobs_accepted_at'): ['accepted_at', 'service_point_id', 'respond_by',
                                      'created_at'],
    ('jobs', 'ix_jobs_arrived_at'): ['arrived_at', 'service_point_id', 'on_time',
                                     'target_on_site_by', 'window_start', 'created_at'],
    ('jobs', 'ix_jobs_completed_at'): ['completed_at', 'service_point_id', 'service',
                                       'fixed_first_visit', 'customer_confirmed', 'id'],
    ('calls', 'ix_calls_rang_at'): ['rang_at', 'service_point_id', 'answered_at',
                                    'answered_within_standard', 'outcome', 'hold_band'],
}


def upgrade():
    for (table, name), columns in WIDE.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
            batch_op.create_index(name, columns, unique=False)
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_job_satisfied', ['job_id', 'satisfied'], unique=False)


def downgrade():
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_job_satisfied')
    for (table, name), columns in WIDE.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
            batch_op.create_index(name, columns[:1], unique=False)
