"""sign-ins end whole, wrong passwords slow the guesser: ended sign-ins instead of revoked
tokens, a token generation per person, one guard row per phone instead of a row per wrong
password

Revision ID: 5e9b3c1a7d20
Revises: e4a1c9b7d2f3
Create Date: 2026-12-01 03:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e9b3c1a7d20'
down_revision = 'e4a1c9b7d2f3'
branch_labels = None
depends_on = None


def upgrade():
    # Tokens issued before this carry no sign-in id and are refused: their holders sign in
    # again. What the old tables held (tokens given back, wrong passwords) has no use now.
    op.drop_index('ix_revoked_tokens_expires_at', table_name='revoked_tokens')
    op.drop_table('revoked_tokens')
    op.drop_index('ix_failed_logins_phone_at', table_name='failed_logins')
    op.drop_index('ix_failed_logins_at', table_name='failed_logins')
    op.drop_table('failed_logins')
    op.create_table(
        'ended_sign_ins',
        sa.Column('sid', sa.String(length=36), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('sid', name=op.f('pk_ended_sign_ins')))
    op.create_index(op.f('ix_ended_sign_ins_expires_at'), 'ended_sign_ins', ['expires_at'])
    op.create_table(
        'login_guards',
        sa.Column('phone', sa.String(length=32), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('wait_until', sa.DateTime(timezone=True), nullable=False),
        sa.Column('window_started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('in_window', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('phone', name=op.f('pk_login_guards')))
    op.create_index(op.f('ix_login_guards_window_started_at'), 'login_guards',
                    ['window_started_at'])
    # In place on both databases: rebuilding `users` on SQLite would drop a referenced table.
    op.add_column('users', sa.Column('token_generation', sa.Integer(), nullable=False,
                                     server_default='0'))


def downgrade():
    op.drop_column('users', 'token_generation')
    op.drop_index(op.f('ix_login_guards_window_started_at'), table_name='login_guards')
    op.drop_table('login_guards')
    op.drop_index(op.f('ix_ended_sign_ins_expires_at'), table_name='ended_sign_ins')
    op.drop_table('ended_sign_ins')
    op.create_table(
        'failed_logins',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('phone', sa.String(length=32), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_failed_logins')))
    op.create_index('ix_failed_logins_at', 'failed_logins', ['at'])
    op.create_index('ix_failed_logins_phone_at', 'failed_logins', ['phone', 'at'])
    op.create_table(
        'revoked_tokens',
        sa.Column('jti', sa.String(length=64), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('jti', name=op.f('pk_revoked_tokens')))
    op.create_index('ix_revoked_tokens_expires_at', 'revoked_tokens', ['expires_at'])
