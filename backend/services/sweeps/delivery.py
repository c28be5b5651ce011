"""Delivery: the outbox handed to the outside world as fast as the receiver takes it, with
retries that never drop a message, by one process or several sharing the outbox.

A run claims a batch of due messages by leasing them (their `next_attempt_at` moved a lease
ahead, in one committed statement that skips rows another process is claiming), sends them
with no transaction open, records what happened, and claims the next batch, until nothing is
due. A process that dies mid-batch leaves its messages leased: they fall due again when the
lease runs out and another run sends them. So nothing is lost, and nothing is sent twice
unless a process dies between sending a message and recording it (the receiver dedupes those
by the message id it gets as its idempotency key)."""
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import bindparam, select, update

from backend.bulk import among
from backend.db import db
from backend.domain.times import iso_utc
from backend.models import Notification, User
from backend.models.touches import touch
from backend.services.notifications import text_of
from backend.services.sweeps.claiming import claim, done, read, sweep

DELIVERY_BATCH = 500
# A claimed batch is the claimer's for this long; a message of it not handed to the receiver
# within half of it goes back to the outbox unsent, so a lease never runs out while its
# holder is still sending.
LEASE_SECONDS = 300
RETRY_FIRST_SECONDS = 30
RETRY_MAX_SECONDS = 3600

SENT, FAILED, LEFT = "sent", "failed", "left"


def deliver_notifications(now, send, batch=DELIVERY_BATCH, in_flight=1, budget_seconds=None,
                          clock=time.monotonic, lease_seconds=LEASE_SECONDS,
                          keep_going=lambda: True):
    """Hand every message due by `now` to `send(message)`, `batch` at a time, `in_flight`
    sends at once (a webhook waits on the network; the logging sender needs one), until no
    message is due. Batches after the first are claimed as of `now` plus the time the run has
    taken, so that messages queued meanwhile go too and leases are measured from the present.
    One that fails is tried again later, each time later (exponential backoff, capped) and
    never dropped. `budget_seconds` ends a run that a slow receiver drags out: what it has
    not sent by then goes back to the outbox for the next run, as it does once `keep_going()`
    turns false (the process is stopping)."""
    counts = {SENT: 0, FAILED: 0, LEFT: 0}
    started, moment = clock(), now
    with _Senders(send, in_flight) as senders:
        while True:
            claimed = _claim(moment, batch, lease_seconds)
            if not claimed:
                break
            deadline = clock() + lease_seconds / 2
            if budget_seconds is not None:
                deadline = min(deadline, started + budget_seconds)
            readers = _readers({row.user_id for row in claimed})
            results = senders.send_all(
                [_message(row, readers[row.user_id], moment) for row in claimed],
                lambda: clock() < deadline and keep_going())
            _record(moment, {row.id: row for row in claimed}, results)
            for outcome, _, _ in results:
                counts[outcome] += 1
            if counts[LEFT] or len(claimed) < batch:
                break
            moment = now + timedelta(seconds=clock() - started)
    return {"delivered": counts[SENT], "failed": counts[FAILED], "left": counts[LEFT]}


def retry_delay(attempts):
    """Wait 30 s after the first failure, doubling each time, never more than an hour."""
    return timedelta(seconds=min(RETRY_FIRST_SECONDS * 2 ** (attempts - 1), RETRY_MAX_SECONDS))


@sweep
def _claim(now, batch, lease_seconds):
    """Lease up to `batch` due messages, earliest due first."""
    table = Notification.__table__
    claimed = claim(
        Notification, (table.c.delivered_at.is_(None), table.c.next_attempt_at <= now),
        table.c.next_attempt_at, {"next_attempt_at": now + timedelta(seconds=lease_seconds)},
        (table.c.id, table.c.user_id, table.c.kind, table.c.template, table.c.params,
         table.c.job_id, table.c.unit_id, table.c.created_at, table.c.attempts), batch)
    done(claimed=len(claimed))
    return claimed


def _readers(user_ids):
    return {reader.id: reader for reader in read(
        select(User.id, User.phone, User.name, User.locale).where(among(User.id, user_ids)))}


@sweep
def _record(now, claimed, results):
    """Mark what was sent as delivered, schedule what failed for a retry and give back what
    was not tried, each only while it is still undelivered (a lease that ran out may have let
    another run deliver it). `claimed`: the claimed rows by id."""
    table = Notification.__table__
    undelivered = (table.c.id == bindparam("b_id")) & table.c.delivered_at.is_(None)
    sent = [message_id for outcome, message_id, _ in results if outcome == SENT]
    failed = [{"b_id": message_id, "b_attempts": claimed[message_id].attempts + 1,
               "b_error": f"{type(error).__name__}: {error}"[:2000],
               "b_next": now + retry_delay(claimed[message_id].attempts + 1)}
              for outcome, message_id, error in results if outcome == FAILED]
    left = [{"b_id": message_id} for outcome, message_id, _ in results if outcome == LEFT]
    if sent:
        # One statement for the lot: the usual case, and a round trip a row on PostgreSQL.
        db.session.execute(update(table).where(
            among(table.c.id, sent), table.c.delivered_at.is_(None)).values(
            delivered_at=now, attempts=table.c.attempts + 1))
        # A delivered message counts on the day it was written (the reports' rollups); one
        # another run delivered first makes a day computed again for nothing, no more.
        touch(moments={claimed[message_id].created_at for message_id in sent})
    if failed:
        db.session.execute(update(table).where(undelivered).values(
            attempts=bindparam("b_attempts"), last_error=bindparam("b_error"),
            next_attempt_at=bindparam("b_next")), failed)
    if left:
        db.session.execute(update(table).where(undelivered).values(next_attempt_at=now), left)
    done(sent=len(sent), failed=len(failed), left=len(left))


class _Senders:
    """`send` called for each of a batch of messages, `in_flight` at a time on a pool of
    threads (in this thread for one). Each result is (SENT, id, None), (FAILED, id, error) or
    (LEFT, id, None) for a message not tried because `go_on()` said stop."""

    def __init__(self, send, in_flight):
        self.send = send
        self.pool = ThreadPoolExecutor(in_flight, "delivery") if in_flight > 1 else None

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        if self.pool is not None:
            self.pool.shutdown(wait=True)

    def send_all(self, messages, go_on):
        def attempt(message):
            if not go_on():
                return LEFT, message["id"], None
            try:
                self.send(message)
            except Exception as error:  # noqa: BLE001  any failure of the receiver is retried
                return FAILED, message["id"], error
            return SENT, message["id"], None
        if self.pool is None:
            return [attempt(message) for message in messages]
        return list(self.pool.map(attempt, messages))


def _message(row, reader, now):
    """What a sender hands on: the id doubles as the receiver's idempotency key, because a
    crash between sending and recording it sends the message once more. An SMS gateway that
    sends only pre-approved templates uses `template` and `params` (with the recipient's
    `name`); anything else sends `text`, rendered in the recipient's `locale`."""
    return {"id": row.id, "user_id": row.user_id, "phone": reader.phone, "kind": row.kind,
            "job_id": row.job_id, "unit_id": row.unit_id, "locale": reader.locale,
            "template": row.template, "params": {**row.params, "name": reader.name},
            "text": text_of(row.template, row.params, reader, now),
            "created_at": iso_utc(row.created_at),
            "attempt": row.attempts + 1}
