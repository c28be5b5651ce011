"""people have a locale; notifications are a template and its params, rendered for the reader

Revision ID: e3a1f0b7c912
Revises: a30cdbf5c1b5
Create Date: 2026-11-30 22:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e3a1f0b7c912'
down_revision = 'a30cdbf5c1b5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locale', sa.String(length=8), nullable=False,
                                      server_default='zh-CN'))
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('template', sa.String(length=48), nullable=True))
        batch_op.add_column(sa.Column('params', sa.JSON(), nullable=True))
    # Messages sent before templates existed were English text; they stay readable as that.
    # One statement, however many there are.
    json_object = ('json_build_object' if op.get_bind().dialect.name == 'postgresql'
                   else 'json_object')
    op.execute(f"UPDATE notifications SET template = 'legacy_text', "
               f"params = {json_object}('text', text)")
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.alter_column('template', existing_type=sa.String(length=48), nullable=False)
        batch_op.alter_column('params', existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column('text')


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text', sa.Text(), nullable=False, server_default=''))
    # The rendered text was never stored: a downgrade keeps what legacy rows said, and the
    # template key of the others.
    text_of = ("params ->> 'text'" if op.get_bind().dialect.name == 'postgresql'
               else "json_extract(params, '$.text')")
    op.execute(f"UPDATE notifications SET text = CASE WHEN template = 'legacy_text' "
               f"THEN {text_of} ELSE template END")
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('params')
        batch_op.drop_column('template')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('locale')
