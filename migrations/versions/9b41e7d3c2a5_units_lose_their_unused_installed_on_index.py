"""units lose their unused installed_on index: the seasonal sweep reads ix_units_cleaning_due

Revision ID: 9b41e7d3c2a5
Revises: 5d2f0c8e4a71
Create Date: 2026-11-22 18:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9b41e7d3c2a5'
down_revision = '5d2f0c8e4a71'
branch_labels = None
depends_on = None


def upgrade():
    # Every unit update the sweeps make rewrote this index too, and no query reads it.
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_units_installed_on'))


def downgrade():
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_units_installed_on'), ['installed_on'], unique=False)
