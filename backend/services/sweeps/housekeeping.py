"""Housekeeping: forgetting what the system need not keep any longer."""
from sqlalchemy import select, text
from sqlalchemy.dialects import sqlite

from backend.db import db
from backend.models import EndedSignIn, IdempotencyKey, LoginGuard
from backend.services import accounts, idempotency, login_guard, settings
from backend.services.sweeps.claiming import any_due, dialect, done, sweep


@sweep
def clean_up(now):
    """Forget idempotency keys past their keeping time, ended sign-ins whose tokens have
    expired and phones whose wrong passwords no longer count."""
    keep_hours = settings.setting("IDEMPOTENCY_KEEP_HOURS")
    # What each forgets, read in the order of its index, and how it is forgotten: one read
    # finds which have anything to forget, and a run with nothing to forget writes nothing.
    forgetting = {
        "idempotency_keys": (select(IdempotencyKey.id).where(idempotency.expired(
            now, keep_hours)).order_by(IdempotencyKey.created_at),
            lambda: idempotency.purge(now, keep_hours)),
        "ended_sign_ins": (select(EndedSignIn.sid).where(accounts.ended_sign_in_expired(now))
                           .order_by(EndedSignIn.expires_at),
                           lambda: accounts.forget_ended_sign_ins(now)),
        "login_guards": (select(LoginGuard.phone).where(login_guard.forgettable(now))
                         .order_by(LoginGuard.window_started_at),
                         lambda: login_guard.forget(now)),
    }
    found = any_due([query for query, _ in forgetting.values()])
    if dialect() is sqlite:
        # Without statistics SQLite may prefer another index to the ones the sweeps read;
        # `optimize` analyses only the tables whose statistics have gone stale.
        db.session.execute(text("PRAGMA optimize"))
    return done(**{name: forget() if due else 0
                   for (name, (_, forget)), due in zip(forgetting.items(), found)})
