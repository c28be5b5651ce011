"""Delivering the outbox, and housekeeping."""
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from backend.db import db
from backend.models import EndedSignIn, IdempotencyKey, LoginGuard, Notification
from backend.services import sweeps
from backend.services.notifications import notify
from backend.services.sweeps import delivery
from scheduler import jobs, senders
from tests.conftest import T0

SECOND = timedelta(seconds=1)
LEASE = timedelta(seconds=delivery.LEASE_SECONDS)


class Receiver:
    """A real HTTP server on 127.0.0.1 that answers every POST with `status`. With `together`,
    each post waits until that many are in at once, and is answered 503 if they never are."""

    def __init__(self, status, together=1):
        self.status, self.received = status, []
        self.gathering = threading.Barrier(together, timeout=10)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                try:
                    receiver.gathering.wait()
                except threading.BrokenBarrierError:
                    receiver.status = 503
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((json.loads(body), self.headers["Idempotency-Key"]))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/notify"
        # Polled often, so that shutting it down at the end of a test takes no half second.
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True,
                                       kwargs={"poll_interval": 0.01})
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    started = []

    def start(status):
        started.append(Receiver(status))
        return started[-1]
    yield start
    for r in started:
        r.close()


def queued(app, make, count=1, now=T0):
    user = make.customer()
    with app.app_context():
        notes = [notify(user.id, "arrived", {}, now) for i in range(count)]
        db.session.commit()
        ids = [n.id for n in notes]
    return ids


def outbox(app):
    with app.app_context():
        return {n.id: n for n in db.session.scalars(select(Notification))}


def deliver(app, now, send, **kwargs):
    with app.app_context():
        return sweeps.deliver_notifications(now, send, **kwargs)


def test_a_webhook_receives_each_due_message_once_as_json(app, make, receiver):
    ids = queued(app, make, 2)
    server = receiver(200)
    send = senders.WebhookSender(server.url, timeout=5)
    assert deliver(app, T0, send) == {"delivered": 2, "failed": 0, "left": 0}
    assert deliver(app, T0 + SECOND, send) == {"delivered": 0, "failed": 0, "left": 0}
    assert sorted(m["id"] for m, _ in server.received) == sorted(ids)
    message, key = server.received[0]
    assert key == message["id"]
    assert {"user_id", "phone", "kind", "text", "template", "params", "locale", "job_id",
            "created_at"} <= set(message)
    assert all(n.delivered_at == T0 and n.attempts == 1 for n in outbox(app).values())


def test_a_gateway_gets_the_template_its_params_and_the_text_in_each_reader_s_language(
        app, make, receiver):
    chinese, english = make.customer(name="王芳"), make.customer(name="Ann Lee", locale="en")
    with app.app_context():
        for reader in (chinese, english):
            notify(reader.id, "on_the_way", {"eta": T0 + timedelta(hours=1)}, T0)
        db.session.commit()
    server = receiver(200)
    deliver(app, T0, senders.WebhookSender(server.url, timeout=5))
    sent = {m["user_id"]: m for m, _ in server.received}
    assert {(m["locale"], m["template"], m["text"]) for m in sent.values()} == {
        ("zh-CN", "on_the_way", "王芳您好，师傅已出发，预计今天（7月1日）11:00（北京时间）到达。"),
        ("en", "on_the_way", "Hello Ann Lee, your technician is on the way and expects to "
                             "arrive at 11:00 today, 1 Jul (China Standard Time).")}
    assert sent[chinese.id]["params"] == {"eta": "2026-07-01T03:00:00Z", "name": "王芳"}


def test_a_message_not_yet_due_waits(app, make, receiver):
    queued(app, make, 1, now=T0)
    server = receiver(200)
    deliver(app, T0 - SECOND, senders.WebhookSender(server.url, timeout=5))
    assert server.received == []


def test_a_failing_webhook_is_retried_with_growing_backoff_and_never_dropped(app, make,
                                                                           receiver):
    [note_id] = queued(app, make)
    failing = senders.WebhookSender(receiver(500).url, timeout=5)
    now, waits = T0, []
    for _ in range(8):
        assert deliver(app, now, failing)["failed"] == 1
        note = outbox(app)[note_id]
        waits.append(note.next_attempt_at - now)
        # Not due again before its backoff has passed.
        assert deliver(app, note.next_attempt_at - SECOND, failing)["failed"] == 0
        now = note.next_attempt_at
    assert [w.total_seconds() for w in waits] == [30, 60, 120, 240, 480, 960, 1920, 3600]
    assert "500" in note.last_error and note.attempts == 8 and note.delivered_at is None

    working = receiver(200)
    assert deliver(app, now, senders.WebhookSender(working.url, timeout=5))["delivered"] == 1
    assert outbox(app)[note_id].delivered_at == now


def test_an_unreachable_webhook_is_a_failure_to_retry(app, make, receiver):
    server = receiver(200)
    url = server.url
    server.close()
    queued(app, make)
    assert deliver(app, T0, senders.WebhookSender(url, timeout=1))["failed"] == 1


def test_a_crash_after_sending_sends_again_once_the_lease_runs_out(app, make, receiver,
                                                                   monkeypatch):
    [note_id] = queued(app, make)
    server = receiver(200)
    send = senders.WebhookSender(server.url, timeout=5)

    def die(*_args):
        raise RuntimeError("the process died here")
    monkeypatch.setattr(delivery, "_record", die)
    with pytest.raises(RuntimeError):
        deliver(app, T0, send)
    monkeypatch.undo()
    # Still leased to the process that died: nobody sends it meanwhile.
    assert deliver(app, T0 + LEASE - SECOND, send)["delivered"] == 0
    assert deliver(app, T0 + LEASE, send)["delivered"] == 1
    # At least once: the receiver dedupes with the id it gets as Idempotency-Key.
    assert [key for _, key in server.received] == [note_id, note_id]
    assert outbox(app)[note_id].delivered_at == T0 + LEASE


def test_a_run_past_its_time_budget_gives_the_rest_back_to_the_outbox(app, make):
    queued(app, make, 3)
    ticks = iter(range(100))
    sent = []
    # The clock reads 0 at the start, 1 when the batch is claimed, then 2, 3, 4 at each send.
    result = deliver(app, T0, sent.append, budget_seconds=3.5, clock=lambda: next(ticks))
    assert result == {"delivered": 2, "failed": 0, "left": 1}
    assert deliver(app, T0, sent.append)["delivered"] == 1
    assert len({m["id"] for m in sent}) == 3


# --- a sender in the process, sent to in place ---------------------------------------------

def test_a_batch_sent_in_place_is_marked_delivered_by_one_write(app, make):
    ids = queued(app, make, 3)
    sent = []
    assert deliver(app, T0, sent.append, leased=False) == {
        "delivered": 3, "failed": 0, "left": 0}
    assert deliver(app, T0 + SECOND, sent.append, leased=False)["delivered"] == 0
    assert sorted(m["id"] for m in sent) == sorted(ids)
    assert {m["attempt"] for m in sent} == {1}
    # No lease was written: the message is as it was queued but for its delivery.
    assert all((n.delivered_at, n.attempts, n.next_attempt_at) == (T0, 1, T0)
               for n in outbox(app).values())


def test_a_failure_in_place_is_retried_with_growing_backoff_and_never_dropped(app, make):
    [note_id] = queued(app, make)

    def refuse(_message):
        raise OSError("the log's disk is full")
    now, waits = T0, []
    for _ in range(3):
        assert deliver(app, now, refuse, leased=False) == {"delivered": 0, "failed": 1,
                                                          "left": 0}
        note = outbox(app)[note_id]
        waits.append((note.next_attempt_at - now).total_seconds())
        assert deliver(app, note.next_attempt_at - SECOND, refuse, leased=False)["failed"] == 0
        now = note.next_attempt_at
    assert waits == [30, 60, 120]
    assert (note.delivered_at, note.attempts, note.last_error) == (
        None, 3, "OSError: the log's disk is full")
    sent = []
    assert deliver(app, now, sent.append, leased=False)["delivered"] == 1
    assert sent[0]["attempt"] == 4 and outbox(app)[note_id].delivered_at == now


def test_a_crash_in_place_leaves_the_batch_to_the_next_run(app, make):
    ids = queued(app, make, 3)
    sent = []

    def die_at_the_second(message):
        if sent:
            raise KeyboardInterrupt  # the process stopping dead, not a failure to retry
        sent.append(message["id"])
    with pytest.raises(KeyboardInterrupt):
        deliver(app, T0, die_at_the_second, leased=False)
    assert all((n.delivered_at, n.attempts, n.next_attempt_at) == (None, 0, T0)
               for n in outbox(app).values())
    # Due again at once (no lease to wait out); the one sent before the crash goes again.
    again = []
    assert deliver(app, T0 + SECOND, again.append, leased=False)["delivered"] == 3
    assert sorted(m["id"] for m in again) == sorted(ids)
    assert sent[0] in ids


def test_a_run_in_place_past_its_time_budget_gives_the_rest_back_untried(app, make):
    queued(app, make, 3)
    ticks = iter(range(100))
    sent = []
    result = deliver(app, T0, sent.append, budget_seconds=3.5, clock=lambda: next(ticks),
                     leased=False)
    assert result == {"delivered": 2, "failed": 0, "left": 1}
    [left] = [n for n in outbox(app).values() if n.delivered_at is None]
    assert (left.attempts, left.next_attempt_at) == (0, T0)
    assert deliver(app, T0, sent.append, leased=False)["delivered"] == 1
    assert len({m["id"] for m in sent}) == 3


def test_the_scheduler_sends_to_its_log_in_place(app, make, caplog):
    [note_id] = queued(app, make)
    jobs.bind(app)
    with caplog.at_level("INFO", logger="scheduler.delivery"):
        assert jobs.run_sweep("delivery", T0) == {"delivered": 1, "failed": 0, "left": 0}
    assert any("arrived" in record.getMessage() for record in caplog.records)
    note = outbox(app)[note_id]
    assert (note.delivered_at, note.attempts, note.next_attempt_at) == (T0, 1, T0)


def test_the_scheduler_uses_the_webhook_when_one_is_configured(app):
    assert isinstance(senders.from_config({"NOTIFY_WEBHOOK_URL": ""}), senders.LoggingSender)
    webhook = senders.from_config({"NOTIFY_WEBHOOK_URL": "http://127.0.0.1:9/x",
                                   "NOTIFY_WEBHOOK_TIMEOUT": 2.0, "NOTIFY_WEBHOOK_IN_FLIGHT": 8})
    assert (webhook.url, webhook.timeout, webhook.in_flight) == ("http://127.0.0.1:9/x", 2.0, 8)


def test_the_delivery_job_delivers_through_the_configured_sender(app, make, receiver,
                                                                 monkeypatch):
    ids = queued(app, make, 2)
    server = receiver(200)
    monkeypatch.setitem(app.config, "NOTIFY_WEBHOOK_URL", server.url)
    jobs.bind(app)
    assert jobs.run_sweep("delivery", T0) == {"delivered": 2, "failed": 0, "left": 0}
    assert sorted(m["id"] for m, _ in server.received) == sorted(ids)


# --- housekeeping ------------------------------------------------------------------------------

def test_housekeeping_forgets_old_keys_expired_sign_ins_and_phones_done_waiting(
        app, make):
    user = make.customer()
    with app.app_context():
        db.session.add_all([
            IdempotencyKey(user_id=user.id, key="old", request_hash="h",
                           created_at=T0 - timedelta(hours=24) - SECOND),
            IdempotencyKey(user_id=user.id, key="new", request_hash="h",
                           created_at=T0 - timedelta(hours=23)),
            EndedSignIn(sid="expired", expires_at=T0 - SECOND),
            EndedSignIn(sid="live", expires_at=T0 + timedelta(hours=1)),
            _guard("+8613800000001", window_started_at=T0 - timedelta(days=1)),
            _guard("+8613800000002", window_started_at=T0 - timedelta(hours=23)),
            _guard("+8613800000003", window_started_at=T0 - timedelta(days=2),
                   wait_until=T0 + SECOND)])
        db.session.commit()
        assert sweeps.clean_up(T0) == {"idempotency_keys": 1, "ended_sign_ins": 1,
                                       "login_guards": 1}
        assert db.session.scalars(select(LoginGuard.phone).order_by(LoginGuard.phone)).all() == [
            "+8613800000002", "+8613800000003"]
        assert db.session.scalars(select(IdempotencyKey.key)).all() == ["new"]
        assert db.session.scalars(select(EndedSignIn.sid)).all() == ["live"]


def _guard(phone, window_started_at, wait_until=T0):
    return LoginGuard(phone=phone, failures=6, wait_until=wait_until,
                      window_started_at=window_started_at, in_window=6)
