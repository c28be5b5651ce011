"""reports' daily rollups: a day's counts and spans per point, the days computed, and the
touches that make a day due again

Revision ID: c3d9e7f1a2b4
Revises: 5e9b3c1a7d20
Create Date: 2026-12-01 03:40:00.000000

The tables start empty: a report computes the days it reads that were never computed (the
first one over a long history takes as long as a report did before), or
`flask --app mobile_api rebuild-rollups` computes them all at once.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3d9e7f1a2b4'
down_revision = '5e9b3c1a7d20'
branch_labels = None
depends_on = None

# backend.domain.indicators.Counts, as of this revision.
COUNTS = (
    'booked', 'completed', 'arrived', 'arrived_on_time', 'arrived_by_target', 'windowed',
    'windowed_met', 'breaches', 'told_before_breach', 'late', 'warned_before_late', 'flagged',
    'flagged_recovered', 'accepted_with_clock', 'accepted_in_time', 'with_feedback',
    'satisfied', 'with_complaint', 'with_courtesy', 'courtesies', 'customer_confirmed',
    'repairs_completed', 'repairs_fixed_first_visit', 'callbacks', 'callbacks_done',
    'callbacks_on_time', 'messages', 'messages_on_time', 'reassignments', 'moved_unasked',
    'complaints', 'complaints_resolved_in_time', 'notifications', 'notifications_delivered',
    'calls', 'answered', 'answered_within_standard', 'abandoned', 'hold_none', 'hold_short',
    'hold_long', 'hold_very_long', 'goodwill_confirmed', 'breaches_with_goodwill')
SPANS = ('minutes_to_site', 'minutes_to_accept', 'minutes_to_resolve_complaint')


def upgrade():
    op.create_table(
        'report_rollups',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('point_id', sa.String(length=36), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS),
        *(sa.Column(name, sa.LargeBinary(), nullable=True) for name in SPANS),
        sa.PrimaryKeyConstraint('day', 'point_id', name=op.f('pk_report_rollups')))
    op.create_table(
        'report_days',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('basis', sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint('day', name=op.f('pk_report_days')))
    op.create_table(
        'report_touches',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('job_id', sa.String(length=36), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_touches')))
    # A day's rollups take the spans of the complaints resolved that day.
    op.create_index('ix_complaints_resolved_at', 'complaints', ['resolved_at'], unique=False)


def downgrade():
    op.drop_index('ix_complaints_resolved_at', table_name='complaints')
    op.drop_table('report_touches')
    op.drop_table('report_days')
    op.drop_table('report_rollups')
