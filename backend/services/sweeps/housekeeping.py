"""Housekeeping: forgetting what the system need not keep any longer."""
from sqlalchemy import text
from sqlalchemy.dialects import sqlite

from backend.db import db
from backend.services import accounts, idempotency, login_guard, settings
from backend.services.sweeps.claiming import dialect, done, sweep


@sweep
def clean_up(now):
    """Forget idempotency keys past their keeping time, ended sign-ins whose tokens have
    expired and phones whose wrong passwords no longer count."""
    keys = idempotency.purge(now, settings.setting("IDEMPOTENCY_KEEP_HOURS"))
    if dialect() is sqlite:
        # Without statistics SQLite may prefer another index to the ones the sweeps read;
        # `optimize` analyses only the tables whose statistics have gone stale.
        db.session.execute(text("PRAGMA optimize"))
    return done(idempotency_keys=keys, ended_sign_ins=accounts.forget_ended_sign_ins(now),
                login_guards=login_guard.forget(now))
