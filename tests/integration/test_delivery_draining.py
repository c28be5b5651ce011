"""Delivery drains the outbox as fast as the receiver takes it: batch after batch in one run,
several webhook posts in flight, and several deliverers sharing one outbox, each message
sent once."""
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from backend.db import db
from backend.models import Notification
from backend.services import sweeps
from backend.services.notifications import notice, notify_all
from scheduler import senders
from scheduler.__main__ import parse
from tests.conftest import T0
from tests.integration.test_scheduler_process import ROOT, scheduler_env
from tests.integration.test_sweeps_delivery import Receiver, deliver, outbox


def queue(app, make, count):
    user = make.customer()
    with app.app_context():
        notify_all([notice(user.id, "arrived", {}, T0) for _ in range(count)])
        db.session.commit()


def undelivered(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Notification).where(
            Notification.delivered_at.is_(None)))


def test_one_run_drains_an_outbox_larger_than_a_batch(app, make):
    queue(app, make, 25)
    sent = []
    assert deliver(app, T0, sent.append, batch=10) == {"delivered": 25, "failed": 0, "left": 0}
    assert len(set(m["id"] for m in sent)) == 25
    assert undelivered(app) == 0


def test_the_webhook_gets_several_messages_in_flight_at_once(app, make):
    queue(app, make, 8)
    receiver = Receiver(200, together=4)
    try:
        send = senders.WebhookSender(receiver.url, timeout=20, in_flight=4)
        assert deliver(app, T0, send, in_flight=send.in_flight) == {
            "delivered": 8, "failed": 0, "left": 0}
    finally:
        receiver.close()
    assert sorted(Counter(key for _, key in receiver.received).values()) == [1] * 8


def test_two_deliverers_at_once_send_every_message_exactly_once(app, make):
    queue(app, make, 200)
    sent, lock = [], threading.Lock()
    # Each deliverer's first send waits for the other's: both hold a claimed batch at once.
    both_sending = threading.Barrier(2, timeout=30)

    def deliverer():
        first = True

        def send(message):
            nonlocal first
            if first:
                first = False
                both_sending.wait()
            with lock:
                sent.append((threading.current_thread().name, message["id"]))
        with app.app_context():
            sweeps.deliver_notifications(T0, send, batch=20)

    threads = [threading.Thread(target=deliverer, name=name) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert Counter(Counter(message_id for _, message_id in sent).values()) == {1: 200}
    assert {name for name, _ in sent} == {"a", "b"}
    assert undelivered(app) == 0
    assert all(note.attempts == 1 for note in outbox(app).values())


def test_two_deliverers_sending_in_place_send_every_message_exactly_once(app, make):
    queue(app, make, 200)
    sent, lock = [], threading.Lock()

    def deliverer():
        def send(message):
            with lock:
                sent.append(message["id"])
        with app.app_context():
            sweeps.deliver_notifications(T0, send, batch=20, leased=False)

    threads = [threading.Thread(target=deliverer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert Counter(Counter(sent).values()) == {1: 200}
    assert undelivered(app) == 0
    assert all(note.attempts == 1 for note in outbox(app).values())


def test_delivery_only_processes_share_the_outbox_and_send_each_message_once(app, make):
    queue(app, make, 600)
    receiver = Receiver(200)
    env = dict(scheduler_env(app), NOTIFY_WEBHOOK_URL=receiver.url)
    processes = [subprocess.Popen([sys.executable, "-m", "scheduler", "--delivery-only"],
                                  cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
                 for _ in range(2)]
    try:
        deadline = time.monotonic() + 90
        while undelivered(app) and time.monotonic() < deadline:
            time.sleep(0.2)  # waiting for other processes to finish, not for a clock
        for process in processes:
            process.send_signal(signal.SIGTERM)
        assert [process.wait(timeout=30) for process in processes] == [0, 0]
    finally:
        for process in processes:
            process.kill()
        receiver.close()
    assert undelivered(app) == 0
    assert Counter(Counter(key for _, key in receiver.received).values()) == {1: 600}


def test_delivery_only_does_not_go_with_once(capsys):
    with pytest.raises(SystemExit) as stopped:
        parse(["--delivery-only", "--once"])
    assert stopped.value.code == 2
    assert "--delivery-only" in capsys.readouterr().err
