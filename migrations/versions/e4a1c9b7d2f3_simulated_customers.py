"""simulated customers: simulate-day marks the customers it makes up, and so their jobs

Revision ID: e4a1c9b7d2f3
Revises: b7e1a9c3d5f2
Create Date: 2026-11-30 22:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4a1c9b7d2f3'
down_revision = 'b7e1a9c3d5f2'
branch_labels = None
depends_on = None


def upgrade():
    # In place on both databases: rebuilding `users` on SQLite (batch mode) would drop a
    # table that others reference.
    op.add_column('users', sa.Column('simulated', sa.Boolean(), nullable=False,
                                     server_default=sa.false()))


def downgrade():
    # SQLite (3.35+) drops a plain column in place too.
    op.drop_column('users', 'simulated')
