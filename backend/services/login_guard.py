"""Wrong passwords slow the guesser down, not the owner out.

A phone's first LOGIN_FREE_TRIES wrong passwords in a row cost nothing; each further one
makes the next try wait, twice as long each time up to LOGIN_MAX_WAIT_SECONDS, so a guesser
gets a few dozen tries an hour while the owner, whom someone else's guesses slowed, waits a
minute at most. Past LOGIN_WRONG_PER_DAY wrong passwords in a day (far above any mistyping)
the phone is refused until the day is over.

A try is counted before its password is checked, by one conditional UPDATE of the phone's
row committed on its own: concurrent tries queue on the row (PostgreSQL's row lock, SQLite's
write lock) and each sees the count the previous one left, so none slips past the limit."""
import math
from datetime import timedelta

from sqlalchemy import and_, case, update

from backend.db import db
from backend.domain.errors import RateLimited
from backend.models import LoginGuard
from backend.services import settings
from backend.services.sweeps.writes import insert_rows
from backend.services.unit_of_work import use_case

WINDOW = timedelta(days=1)


def wait_after(failures):
    """How long a phone waits for its next try after `failures` wrong passwords in a row."""
    over = failures - settings.setting("LOGIN_FREE_TRIES")
    if over < 0:
        return timedelta(0)
    return timedelta(seconds=min(2 ** over, settings.setting("LOGIN_MAX_WAIT_SECONDS")))


@use_case
def count_a_try(phone, now):
    """Count a try for `phone` as a wrong password until it is known to be right, or refuse
    it (RateLimited, with the seconds to wait) while the phone must wait."""
    insert_rows(LoginGuard, [{"phone": phone, "failures": 0, "wait_until": now,
                              "window_started_at": now, "in_window": 0}], ("phone",))
    window_over = LoginGuard.window_started_at <= now - WINDOW
    failures = db.session.scalar(update(LoginGuard).where(
        LoginGuard.phone == phone, LoginGuard.wait_until <= now,
        window_over | (LoginGuard.in_window < settings.setting("LOGIN_WRONG_PER_DAY")))
        .values(failures=LoginGuard.failures + 1,
                in_window=case((window_over, 1), else_=LoginGuard.in_window + 1),
                window_started_at=case((window_over, now), else_=LoginGuard.window_started_at))
        .returning(LoginGuard.failures))
    if failures is None:
        raise RateLimited("too many wrong passwords for this phone; try again later",
                          _seconds_to_wait(phone, now))
    db.session.execute(update(LoginGuard).where(LoginGuard.phone == phone).values(
        wait_until=now + wait_after(failures)))


@use_case
def forgive_the_try(phone, now):
    """The password was right: the try is not a wrong one, and the run of wrong ones ends."""
    db.session.execute(update(LoginGuard).where(LoginGuard.phone == phone).values(
        failures=0, wait_until=now,
        in_window=case((LoginGuard.in_window > 0, LoginGuard.in_window - 1), else_=0)))


def _seconds_to_wait(phone, now):
    guard = db.session.get(LoginGuard, phone)
    until = guard.wait_until
    if guard.in_window >= settings.setting("LOGIN_WRONG_PER_DAY"):
        until = max(until, guard.window_started_at + WINDOW)
    return max(1, math.ceil((until - now).total_seconds()))


def forget(now):
    """Housekeeping: phones whose day is over and who need not wait have nothing to keep."""
    return db.session.execute(LoginGuard.__table__.delete().where(forgettable(now))).rowcount


def forgettable(now):
    """The phones whose day is over and who need not wait, as a condition on LoginGuard."""
    return and_(LoginGuard.window_started_at <= now - WINDOW, LoginGuard.wait_until <= now)

