"""Housekeeping: forgetting what the system need not keep any longer."""
from sqlalchemy import delete, text
from sqlalchemy.dialects import sqlite

from backend.db import db
from backend.models import RevokedToken
from backend.services import accounts, idempotency, settings
from backend.services.sweeps.claiming import dialect, done, sweep


@sweep
def clean_up(now):
    """Forget idempotency keys past their keeping time, revoked tokens past their expiry and
    wrong passwords too old to hold logins off."""
    keys = idempotency.purge(now, settings.setting("IDEMPOTENCY_KEEP_HOURS"))
    tokens = db.session.execute(delete(RevokedToken.__table__).where(
        RevokedToken.__table__.c.expires_at < now)).rowcount
    if dialect() is sqlite:
        # Without statistics SQLite may prefer another index to the ones the sweeps read;
        # `optimize` analyses only the tables whose statistics have gone stale.
        db.session.execute(text("PRAGMA optimize"))
    return done(idempotency_keys=keys, revoked_tokens=tokens,
                failed_logins=accounts.forget_failed_logins(now))
