"""Delivery: the outbox handed to the outside world as fast as the receiver takes it, with
retries that never drop a message, by one process or several sharing the outbox.

A run takes a batch of due messages, sends them, records what happened, and takes the next
batch, until nothing is due. How a batch is taken depends on the sender:

- one that waits on the network (a webhook) gets a leased batch: the messages'
  `next_attempt_at` moved a lease ahead in one committed statement, so that they are sent
  with no transaction open, and their outcome written by a second. A process that dies
  mid-batch leaves its messages leased: they fall due again when the lease runs out and
  another run sends them.
- one that hands a message on within the process (the log) gets its batch marked delivered,
  sent and committed in one transaction: one write a message instead of two. A process that
  dies mid-batch rolls the marks back, and the next run sends the batch.

Either way nothing is lost, and nothing is sent twice unless a process dies between sending a
message and recording it (the receiver dedupes those by the message id it gets as its
idempotency key). Rows another process is taking are skipped, so processes share one outbox."""
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import bindparam, select, update

from backend.bulk import among
from backend.db import db
from backend.domain.times import iso_utc
from backend.i18n.render import render
from backend.models import Notification, User
from backend.models.touches import touch
from backend.services import settings
from backend.services.sweeps.claiming import claim, done, due_rows, read, sweep

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
                          keep_going=lambda: True, leased=True):
    """Hand every message due by `now` to `send(message)`, `batch` at a time, `in_flight`
    sends at once (a webhook waits on the network; the logging sender needs one), until no
    message is due. Batches after the first are claimed as of `now` plus the time the run has
    taken, so that messages queued meanwhile go too and leases are measured from the present.
    One that fails is tried again later, each time later (exponential backoff, capped) and
    never dropped. `budget_seconds` ends a run that a slow receiver drags out: what it has
    not sent by then goes back to the outbox for the next run, as it does once `keep_going()`
    turns false (the process is stopping). `leased=False` is for a sender that does not wait
    on the network (see the module's docstring)."""
    counts = {SENT: 0, FAILED: 0, LEFT: 0}
    started, moment = clock(), now
    send_batch = _send_leased if leased else _send_in_place
    with _Senders(send, in_flight) as senders:
        while True:
            # Half the lease: a lease never runs out while its holder is still sending, nor
            # does a batch sent in place hold its transaction open for longer.
            deadline = clock() + lease_seconds / 2
            if budget_seconds is not None:
                deadline = min(deadline, started + budget_seconds)
            taken, results = send_batch(moment, batch, lease_seconds, senders,
                                        lambda: clock() < deadline and keep_going())
            for outcome, _, _ in results:
                counts[outcome] += 1
            if counts[LEFT] or taken < batch:
                break
            moment = now + timedelta(seconds=clock() - started)
    return {"delivered": counts[SENT], "failed": counts[FAILED], "left": counts[LEFT]}


def retry_delay(attempts):
    """Wait 30 s after the first failure, doubling each time, never more than an hour."""
    return timedelta(seconds=min(RETRY_FIRST_SECONDS * 2 ** (attempts - 1), RETRY_MAX_SECONDS))


def _send_leased(now, batch, lease_seconds, senders, go_on):
    """Lease a batch, send it with no transaction open, record the outcome: (the number
    taken, the results)."""
    claimed = _claim(now, batch, lease_seconds)
    if not claimed:
        return 0, []
    results = senders.send_all(_messages(claimed, now), go_on)
    _record(now, {row.id: row for row in claimed}, results)
    return len(claimed), results


@sweep
def _send_in_place(now, batch, _lease_seconds, senders, go_on):
    """Read a batch with its readers, mark it delivered, send it and give back what did not
    go, in one transaction: (the number taken, the results). The least a delivery can do: one
    read, one write."""
    rows = _mark_delivered(now, batch)
    if not rows:
        return 0, []
    table, connection = Notification.__table__, db.session.connection()
    zone = settings.network_tz()
    results = senders.send_all([_message(row, row, now, row.attempts + 1, zone)
                                for row in rows.values()], go_on)
    failed = [{"b_id": message_id, "b_error": _error_text(error),
               "b_next": now + retry_delay(rows[message_id].attempts + 1)}
              for outcome, message_id, error in results if outcome == FAILED]
    left = [{"b_id": message_id} for outcome, message_id, _ in results if outcome == LEFT]
    ours = table.c.id == bindparam("b_id")
    if failed:
        connection.execute(update(table).where(ours).values(
            delivered_at=None, last_error=bindparam("b_error"),
            next_attempt_at=bindparam("b_next")), failed)
    if left:
        connection.execute(update(table).where(ours).values(
            delivered_at=None, attempts=table.c.attempts - 1), left)
    sent = [message_id for outcome, message_id, _ in results if outcome == SENT]
    touch(moments={rows[message_id].created_at for message_id in sent})
    done(sent=len(sent), failed=len(failed), left=len(left))
    return len(rows), results


def _mark_delivered(now, batch):
    """Up to `batch` due messages, each with its reader's phone, name and locale, marked
    delivered by `now`, by id."""
    table, users = Notification.__table__, User.__table__
    due = _due(table, now)
    if not read(due_rows(Notification, due, table.c.next_attempt_at).limit(1)):
        return {}
    connection = db.session.connection()
    # Locked on PostgreSQL, where a second deliverer passes over them. SQLite reads them
    # before its write lock is taken: the update repeats the due condition, and only the rows
    # it changed are this run's to send.
    rows = connection.execute(
        select(*_columns(table), users.c.phone, users.c.name, users.c.locale)
        .join(users, users.c.id == table.c.user_id).where(*due)
        .order_by(table.c.next_attempt_at).limit(batch)
        .with_for_update(skip_locked=True, of=table)).all()
    taken = set(connection.scalars(
        update(table).where(among(table.c.id, [row.id for row in rows]), *due)
        .values(delivered_at=now, attempts=table.c.attempts + 1).returning(table.c.id)))
    return {row.id: row for row in rows if row.id in taken}


@sweep
def _claim(now, batch, lease_seconds):
    """Lease up to `batch` due messages, earliest due first."""
    table = Notification.__table__
    claimed = claim(Notification, _due(table, now), table.c.next_attempt_at,
                    {"next_attempt_at": now + timedelta(seconds=lease_seconds)},
                    _columns(table), batch)
    done(claimed=len(claimed))
    return claimed


def _due(table, now):
    return table.c.delivered_at.is_(None), table.c.next_attempt_at <= now


def _columns(table):
    return (table.c.id, table.c.user_id, table.c.kind, table.c.template, table.c.params,
            table.c.job_id, table.c.unit_id, table.c.created_at, table.c.attempts)


def _messages(claimed, now):
    """The messages of the leased rows, for their senders."""
    readers = {reader.id: reader for reader in read(
        select(User.id, User.phone, User.name, User.locale).where(
            among(User.id, {row.user_id for row in claimed})))}
    zone = settings.network_tz()
    return [_message(row, readers[row.user_id], now, row.attempts + 1, zone)
            for row in claimed]


@sweep
def _record(now, claimed, results):
    """Mark what was sent as delivered, schedule what failed for a retry and give back what
    was not tried, each only while it is still undelivered (a lease that ran out may have let
    another run deliver it). `claimed`: the claimed rows by id."""
    table = Notification.__table__
    undelivered = (table.c.id == bindparam("b_id")) & table.c.delivered_at.is_(None)
    sent = [message_id for outcome, message_id, _ in results if outcome == SENT]
    failed = [{"b_id": message_id, "b_attempts": claimed[message_id].attempts + 1,
               "b_error": _error_text(error),
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


def _error_text(error):
    return f"{type(error).__name__}: {error}"[:2000]


def _message(row, reader, now, attempt, zone):
    """What a sender hands on: the id doubles as the receiver's idempotency key, because a
    crash between sending and recording it sends the message once more. An SMS gateway that
    sends only pre-approved templates uses `template` and `params` (with the recipient's
    `name`); anything else sends `text`, rendered in the recipient's `locale`."""
    # Unpacked in the order of _columns: a row's attributes cost as much as its rendering.
    message_id, user_id, kind, template, params, job_id, unit_id, created_at = row[:8]
    locale, name = reader.locale, reader.name
    return {"id": message_id, "user_id": user_id, "phone": reader.phone, "kind": kind,
            "job_id": job_id, "unit_id": unit_id, "locale": locale, "template": template,
            "params": {**params, "name": name},
            "text": render(template, params, locale, name, now, zone),
            "created_at": iso_utc(created_at), "attempt": attempt}
