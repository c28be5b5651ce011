"""reports read the moments they measure through indexes; breach events name their point

Revision ID: e4b7a2c91d38
Revises: e3a1f0b7c912
Create Date: 2026-11-30 22:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4b7a2c91d38'
down_revision = 'e3a1f0b7c912'
branch_labels = None
depends_on = None

JOB_MOMENTS = ('created_at', 'accepted_at', 'arrived_at', 'completed_at', 'on_site_by')


def upgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        for column in JOB_MOMENTS:
            batch_op.create_index(f'ix_jobs_{column}', [column], unique=False)
    with op.batch_alter_table('callbacks', schema=None) as batch_op:
        batch_op.create_index('ix_callbacks_created_at', ['created_at'], unique=False)
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_created_at', ['created_at'], unique=False)
    # Breach events written before now name no point. The KPI report used to charge a breach
    # to the point holding the job, so that point is the one history keeps.
    op.execute(sa.text(
        "UPDATE job_events SET service_point_id = (SELECT jobs.service_point_id FROM jobs "
        "WHERE jobs.id = job_events.job_id) "
        "WHERE event = 'breached' AND service_point_id IS NULL"))


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_created_at')
    with op.batch_alter_table('callbacks', schema=None) as batch_op:
        batch_op.drop_index('ix_callbacks_created_at')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        for column in JOB_MOMENTS:
            batch_op.drop_index(f'ix_jobs_{column}')
