"""phones in E.164: every stored phone rewritten the one way the API now writes it

Revision ID: e164a0c1d2f3
Revises: 9b41e7d3c2a5
Create Date: 2026-11-30 22:30:00.000000

"""
import logging

from alembic import op
import phonenumbers
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e164a0c1d2f3'
down_revision = '9b41e7d3c2a5'
branch_labels = None
depends_on = None

log = logging.getLogger('alembic.runtime.migration')


def _e164(raw):
    # As the API reads a phone (mainland China when no country code is given), kept here
    # so that the migration does not change when the application's code does.
    for candidate in (raw, '+' + raw.strip()):
        try:
            number = phonenumbers.parse(candidate, 'CN')
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def _masked(phone):
    return phone[:6] + '****' + phone[-4:] if len(phone) > 10 else '****'


def _normalise(table, unique):
    """Rewrite `table`'s phones in E.164. With `unique`, a row whose number another row
    already holds (or that an earlier row took) keeps its old phone and is reported, for
    someone to merge the accounts by hand; an invalid phone is kept and reported too."""
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        f'SELECT id, phone FROM {table} ORDER BY created_at, id')).all()
    wanted = {row.id: _e164(row.phone) for row in rows}
    taken = {row.phone for row in rows if wanted[row.id] == row.phone}
    for row in rows:
        phone = wanted[row.id]
        if phone is None:
            log.warning('%s %s: phone %s is not a valid number; left as it was',
                        table, row.id, _masked(row.phone))
        elif phone == row.phone:
            continue
        elif unique and phone in taken:
            log.warning('%s %s: phone %s collides with another account as %s; left as it '
                        'was, merge the accounts by hand', table, row.id, _masked(row.phone),
                        _masked(phone))
        else:
            taken.add(phone)
            connection.execute(sa.text(f'UPDATE {table} SET phone = :phone WHERE id = :id'),
                               {'phone': phone, 'id': row.id})


def upgrade():
    _normalise('users', unique=True)
    _normalise('service_points', unique=False)
    # Counted per phone as typed; the API now counts them per E.164 number.
    op.execute('DELETE FROM failed_logins')


def downgrade():
    # The old writings are not kept: E.164 is a valid way to write every number.
    pass
