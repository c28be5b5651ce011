"""owners of units already registered get their day of the year-round follow-up call

Revision ID: b7e1a9c3d5f2
Revises: f1a2b3c4d5e6
Create Date: 2026-11-30 23:35:00.000000

"""
import hashlib
from datetime import date, timedelta

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e1a9c3d5f2'
down_revision = 'f1a2b3c4d5e6'
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade():
    # New owners are enrolled when their first unit is flushed; these are the ones before.
    # The day is backend.domain.annual_visits.slot, written out here because migrations do
    # not import the project: a change there leaves these rows as they were made.
    connection = op.get_bind()
    today = date.today()
    owners = connection.execute(sa.text(
        "SELECT DISTINCT owner_id FROM units WHERE owner_id NOT IN "
        "(SELECT customer_id FROM annual_visits)")).scalars().all()
    rows = []
    for owner in owners:
        due = _slot(owner, today.year)
        if due < today:
            due = _slot(owner, today.year + 1)
        rows.append({"customer_id": owner, "year": due.year, "due_on": due})
    visits = sa.table('annual_visits', sa.column('customer_id', sa.String),
                      sa.column('year', sa.Integer), sa.column('due_on', sa.Date))
    for start in range(0, len(rows), BATCH):
        op.bulk_insert(visits, rows[start:start + BATCH])


def downgrade():
    # The rows are the follow-up's state; a downgrade keeps the table (its own migration
    # drops it) and forgets nothing a later upgrade could not make again.
    pass


def _slot(customer_id, year):
    days = (date(year + 1, 1, 1) - date(year, 1, 1)).days
    digest = hashlib.sha256(customer_id.encode()).digest()
    return date(year, 1, 1) + timedelta(days=int.from_bytes(digest[:8], "big") % days)
