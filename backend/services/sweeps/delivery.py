"""Delivery: the outbox handed to the outside world, with retries that never drop a message."""
import time
from datetime import timedelta

from sqlalchemy import bindparam, select, update

from backend.db import db
from backend.domain.times import iso_utc
from backend.models import Notification, User
from backend.services.notifications import text_of
from backend.services.sweeps.claiming import done, read, sweep

# Deliveries wait on the outside world, so a run takes fewer of them.
DELIVERY_BATCH = 200
RETRY_FIRST_SECONDS = 30
RETRY_MAX_SECONDS = 3600


@sweep
def deliver_notifications(now, send, batch=DELIVERY_BATCH, budget_seconds=None,
                          clock=time.monotonic):
    """Hand due outbox messages to `send(message)`; one that fails is tried again later, each
    time later (exponential backoff, capped) and never dropped. `budget_seconds` stops a run
    that a slow receiver drags out, leaving the rest for the next run."""
    # Read outside a transaction: no lock and no snapshot is held while the outside world
    # answers.
    rows = read(
        select(Notification.id, Notification.user_id, User.phone, User.name, User.locale,
               Notification.kind, Notification.template, Notification.params,
               Notification.job_id, Notification.unit_id, Notification.created_at,
               Notification.attempts)
        .join(User, User.id == Notification.user_id)
        .where(Notification.delivered_at.is_(None), Notification.next_attempt_at <= now)
        .order_by(Notification.next_attempt_at).limit(batch))
    delivered, failed = [], []
    started = clock()
    for row in rows:
        if budget_seconds is not None and clock() - started > budget_seconds:
            break
        try:
            send(_message(row, now))
        except Exception as error:  # noqa: BLE001  any failure of the receiver is retried
            failed.append({"b_id": row.id, "b_attempts": row.attempts + 1,
                           "b_error": f"{type(error).__name__}: {error}"[:2000],
                           "b_next": now + retry_delay(row.attempts + 1)})
        else:
            delivered.append(row.id)
    table = Notification.__table__
    if delivered:
        # One statement for the lot: the usual case, and a round trip a row on PostgreSQL.
        db.session.execute(update(table).where(
            table.c.id.in_(delivered), table.c.delivered_at.is_(None)).values(
            delivered_at=now, attempts=table.c.attempts + 1))
    undelivered = (table.c.id == bindparam("b_id")) & table.c.delivered_at.is_(None)
    if failed:
        db.session.execute(update(table).where(undelivered).values(
            attempts=bindparam("b_attempts"), last_error=bindparam("b_error"),
            next_attempt_at=bindparam("b_next")), failed)
    return done(delivered=len(delivered), failed=len(failed),
                left=len(rows) - len(delivered) - len(failed))


def retry_delay(attempts):
    """Wait 30 s after the first failure, doubling each time, never more than an hour."""
    return timedelta(seconds=min(RETRY_FIRST_SECONDS * 2 ** (attempts - 1), RETRY_MAX_SECONDS))


def _message(row, now):
    """What a sender hands on: the id doubles as the receiver's idempotency key, because a
    crash between sending and recording it sends the message once more. An SMS gateway that
    sends only pre-approved templates uses `template` and `params` (with the recipient's
    `name`); anything else sends `text`, rendered in the recipient's `locale`."""
    return {"id": row.id, "user_id": row.user_id, "phone": row.phone, "kind": row.kind,
            "job_id": row.job_id, "unit_id": row.unit_id, "locale": row.locale,
            "template": row.template, "params": {**row.params, "name": row.name},
            "text": text_of(row.template, row.params, row, now),
            "created_at": iso_utc(row.created_at),
            "attempt": row.attempts + 1}
