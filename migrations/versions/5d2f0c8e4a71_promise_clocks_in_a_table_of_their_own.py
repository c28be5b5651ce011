"""promise clocks in a table of their own, in place of the sweeps' partial indexes on jobs

Revision ID: 5d2f0c8e4a71
Revises: c85047967cda
Create Date: 2026-11-22 18:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d2f0c8e4a71'
down_revision = 'c85047967cda'
branch_labels = None
depends_on = None

OPEN = "('pending','assigned','accepted','en_route')"
# The clocks running for the jobs already kept, as backend.domain.promises.running_clocks
# reads them from a job's state.
CLOCKS = {
    'respond': ("respond_by", "status = 'assigned' AND respond_by IS NOT NULL"),
    'at_risk': ("at_risk_due", f"at_risk_at IS NULL AND arrived_at IS NULL AND status IN {OPEN}"),
    'breach': ("on_site_by", f"breached_at IS NULL AND arrived_at IS NULL AND status IN {OPEN}"),
    'feedback': ("feedback_due_at", "feedback_due_at IS NOT NULL"),
}
PARTIAL_INDEXES = {
    'ix_jobs_respond_due': ("respond_by", "status = 'assigned'"),
    'ix_jobs_at_risk_due': ("at_risk_due", f"at_risk_at IS NULL AND arrived_at IS NULL AND status IN {OPEN}"),
    'ix_jobs_breach_due': ("on_site_by", f"breached_at IS NULL AND arrived_at IS NULL AND status IN {OPEN}"),
    'ix_jobs_feedback_due': ("feedback_due_at", "feedback_due_at IS NOT NULL"),
}


def upgrade():
    op.create_table('promise_clocks',
    sa.Column('job_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_promise_clocks_job_id_jobs')),
    sa.PrimaryKeyConstraint('job_id', 'kind', name=op.f('pk_promise_clocks'))
    )
    for kind, (column, running) in CLOCKS.items():
        op.execute(f"INSERT INTO promise_clocks (job_id, kind, due_at) "
                   f"SELECT id, '{kind}', {column} FROM jobs WHERE {running}")
    with op.batch_alter_table('promise_clocks', schema=None) as batch_op:
        batch_op.create_index('ix_promise_clocks_kind_due', ['kind', 'due_at'], unique=False)

    with op.batch_alter_table('jobs', schema=None) as batch_op:
        for name, (column, where) in PARTIAL_INDEXES.items():
            batch_op.drop_index(name, sqlite_where=sa.text(where), postgresql_where=sa.text(where))
    if op.get_bind().dialect.name == 'postgresql':
        # Pages written from now on keep room for HOT updates; existing ones fill as rows move.
        op.execute("ALTER TABLE jobs SET (fillfactor = 80)")


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("ALTER TABLE jobs RESET (fillfactor)")
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        for name, (column, where) in PARTIAL_INDEXES.items():
            batch_op.create_index(name, [column], unique=False, sqlite_where=sa.text(where),
                                  postgresql_where=sa.text(where))

    with op.batch_alter_table('promise_clocks', schema=None) as batch_op:
        batch_op.drop_index('ix_promise_clocks_kind_due')

    op.drop_table('promise_clocks')
