"""the hotline: calls, goodwill gestures, phone codes, yearly visits

Revision ID: a30cdbf5c1b5
Revises: e164a0c1d2f3
Create Date: 2026-11-30 22:06:07.378242

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a30cdbf5c1b5'
down_revision = 'e164a0c1d2f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('phone_codes',
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('code_hash', sa.String(length=255), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tries_left', sa.Integer(), nullable=False),
    sa.Column('window_started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_in_window', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('phone', name=op.f('pk_phone_codes'))
    )
    op.create_table('annual_visits',
    sa.Column('customer_id', sa.String(length=36), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['users.id'], name=op.f('fk_annual_visits_customer_id_users')),
    sa.PrimaryKeyConstraint('customer_id', name=op.f('pk_annual_visits'))
    )
    with op.batch_alter_table('annual_visits', schema=None) as batch_op:
        batch_op.create_index('ix_annual_visits_due_on', ['due_on'], unique=False)

    op.create_table('calls',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('customer_id', sa.String(length=36), nullable=True),
    sa.Column('agent_id', sa.String(length=36), nullable=False),
    sa.Column('service_point_id', sa.String(length=36), nullable=True),
    sa.Column('job_id', sa.String(length=36), nullable=True),
    sa.Column('rang_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('holds', sa.JSON(), nullable=False),
    sa.Column('rings', sa.Integer(), nullable=False),
    sa.Column('answered_within_standard', sa.Boolean(), nullable=False),
    sa.Column('longest_hold_seconds', sa.Integer(), nullable=False),
    sa.Column('hold_band', sa.String(length=16), nullable=False),
    sa.Column('transferred_to', sa.String(length=120), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('call_back_by', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['users.id'], name=op.f('fk_calls_agent_id_users')),
    sa.ForeignKeyConstraint(['customer_id'], ['users.id'], name=op.f('fk_calls_customer_id_users')),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_calls_job_id_jobs')),
    sa.ForeignKeyConstraint(['service_point_id'], ['service_points.id'], name=op.f('fk_calls_service_point_id_service_points')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calls'))
    )
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calls_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_calls_job_id'), ['job_id'], unique=False)
        batch_op.create_index('ix_calls_phone_rang_at', ['phone', 'rang_at'], unique=False)
        batch_op.create_index('ix_calls_point_rang_at', ['service_point_id', 'rang_at'], unique=False)
        batch_op.create_index('ix_calls_rang_at', ['rang_at'], unique=False)

    op.create_table('goodwill_gestures',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('job_id', sa.String(length=36), nullable=False),
    sa.Column('service_point_id', sa.String(length=36), nullable=True),
    sa.Column('gesture', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('confirmed_by_id', sa.String(length=36), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_goodwill_gestures_confirmed_by_id_users')),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_goodwill_gestures_job_id_jobs')),
    sa.ForeignKeyConstraint(['service_point_id'], ['service_points.id'], name=op.f('fk_goodwill_gestures_service_point_id_service_points')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goodwill_gestures'))
    )
    with op.batch_alter_table('goodwill_gestures', schema=None) as batch_op:
        batch_op.create_index('ix_goodwill_gestures_at', ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_goodwill_gestures_job_id'), ['job_id'], unique=False)
        batch_op.create_index('ix_goodwill_gestures_point_at', ['service_point_id', 'at'], unique=False)

    with op.batch_alter_table('callbacks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('customer_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('call_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('dedupe_key', sa.String(length=160), nullable=True))
        batch_op.alter_column('job_id',
               existing_type=sa.VARCHAR(length=36),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_callbacks_call_id'), ['call_id'], unique=False)
        batch_op.create_index('ix_callbacks_customer_created', ['customer_id', 'created_at'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_callbacks_dedupe_key'), ['dedupe_key'])
        batch_op.create_foreign_key(batch_op.f('fk_callbacks_customer_id_users'), 'users', ['customer_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_callbacks_call_id_calls'), 'calls', ['call_id'], ['id'])
    # The callbacks queued so far were all about a job: they are owed to its customer.
    op.execute("UPDATE callbacks SET customer_id = "
               "(SELECT customer_id FROM jobs WHERE jobs.id = callbacks.job_id)")
    with op.batch_alter_table('callbacks', schema=None) as batch_op:
        batch_op.alter_column('customer_id', existing_type=sa.String(length=36), nullable=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('password_hash',
               existing_type=sa.VARCHAR(length=255),
               nullable=True)



def downgrade():
    # The older schema knows neither accounts without a password nor calls about no job:
    # such accounts keep a hash nothing verifies against, such calls are dropped.
    op.execute("UPDATE users SET password_hash = '!' WHERE password_hash IS NULL")
    op.execute("DELETE FROM callbacks WHERE job_id IS NULL")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('password_hash',
               existing_type=sa.VARCHAR(length=255),
               nullable=False)

    with op.batch_alter_table('callbacks', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_callbacks_call_id_calls'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_callbacks_customer_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_callbacks_dedupe_key'), type_='unique')
        batch_op.drop_index('ix_callbacks_customer_created')
        batch_op.drop_index(batch_op.f('ix_callbacks_call_id'))
        batch_op.alter_column('job_id',
               existing_type=sa.VARCHAR(length=36),
               nullable=False)
        batch_op.drop_column('dedupe_key')
        batch_op.drop_column('call_id')
        batch_op.drop_column('customer_id')

    with op.batch_alter_table('goodwill_gestures', schema=None) as batch_op:
        batch_op.drop_index('ix_goodwill_gestures_point_at')
        batch_op.drop_index(batch_op.f('ix_goodwill_gestures_job_id'))
        batch_op.drop_index('ix_goodwill_gestures_at')

    op.drop_table('goodwill_gestures')
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_index('ix_calls_rang_at')
        batch_op.drop_index('ix_calls_point_rang_at')
        batch_op.drop_index('ix_calls_phone_rang_at')
        batch_op.drop_index(batch_op.f('ix_calls_job_id'))
        batch_op.drop_index(batch_op.f('ix_calls_customer_id'))

    op.drop_table('calls')
    with op.batch_alter_table('annual_visits', schema=None) as batch_op:
        batch_op.drop_index('ix_annual_visits_due_on')

    op.drop_table('annual_visits')
    op.drop_table('phone_codes')

