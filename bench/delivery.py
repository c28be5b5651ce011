"""Benchmark of delivery: how many messages a minute the outbox drains with the logging sender.

    .venv/bin/python bench/delivery.py [--messages 20000] [--runs 3] [--sqlite PATH | --no-sqlite]
                                       [--postgres URL | --no-postgres]

For each database the bench builds its own schema (db.create_all), 1,000 customers and an
outbox of `--messages` messages of the kinds a busy day queues, all due. A run is one delivery
process draining the outbox from full to empty with the logging sender (its log written to a
file, as the scheduler's is), batch after batch, each batch claimed, rendered in its reader's
language, sent and recorded. On PostgreSQL it is also run with two processes sharing the
outbox (each runs the delivery as `python -m scheduler --delivery-only` does): the time from telling both to start
until the outbox is empty; each process is started and connected beforehand.

The floor is what the database itself charges to deliver the same rows: one SELECT of every
message with its recipient and one UPDATE marking them all delivered, committed. Each figure
is printed as messages a minute and as a multiple of the floor's time. Between runs the
outbox is made undelivered again. Exit status 2 when one process drains fewer than 10,000
messages a minute."""
import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="bench_delivery_"))

from sqlalchemy import insert, text  # noqa: E402

import backend  # noqa: E402
from backend.db import db  # noqa: E402
from backend.models import Notification, User  # noqa: E402
from backend.services import sweeps  # noqa: E402
from backend.services.notifications import notice  # noqa: E402
from bench.databases import fresh_database  # noqa: E402
from scheduler import SETTINGS, senders  # noqa: E402

TARGET_PER_MINUTE = 10_000
NOW = datetime(2026, 7, 1, 2, 0, tzinfo=timezone.utc)
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_delivery"
CUSTOMERS = 1000


def make_app(url):
    return backend.create_app({**SETTINGS, "SQLALCHEMY_DATABASE_URI": url})


def build(url, messages):
    if url.startswith("postgresql"):
        fresh_database(url)
    app = make_app(url)
    with app.app_context():
        db.create_all()
        users = [{"id": f"00000000-0000-7000-8000-{number:012d}", "role": "customer",
                  "phone": f"+86139{number:08d}", "name": f"客户{number}",
                  "password_hash": "-", "created_at": NOW,
                  "locale": "en" if number % 5 == 0 else "zh-CN"}
                 for number in range(CUSTOMERS)]
        db.session.execute(insert(User.__table__), users)
        kinds = [("arrived", {}), ("on_the_way", {"eta": NOW + timedelta(hours=1)}),
                 ("completed", {"service": "repair"}), ("feedback_request", {})]
        rows = []
        for number in range(messages):
            template, params = kinds[number % len(kinds)]
            rows.append(notice(users[number % CUSTOMERS]["id"], template, params, NOW))
        db.session.execute(insert(Notification.__table__), rows)
        db.session.commit()
    return app


def undeliver(app):
    with app.app_context():
        db.session.execute(text("UPDATE notifications SET delivered_at = NULL, attempts = 0, "
                                "next_attempt_at = :now"), {"now": NOW})
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(text("VACUUM ANALYZE notifications"))


def floor(app):
    with app.app_context():
        started = time.perf_counter()
        db.session.execute(text(
            "SELECT n.id, n.kind, n.template, n.params, u.phone, u.name, u.locale "
            "FROM notifications n JOIN users u ON u.id = n.user_id "
            "WHERE n.delivered_at IS NULL AND n.next_attempt_at <= :now"), {"now": NOW}).all()
        db.session.execute(text(
            "UPDATE notifications SET delivered_at = :now, attempts = attempts + 1 "
            "WHERE delivered_at IS NULL AND next_attempt_at <= :now"), {"now": NOW})
        db.session.commit()
        return time.perf_counter() - started


def one_process(app):
    with app.app_context():
        started = time.perf_counter()
        counts = sweeps.deliver_notifications(NOW, senders.LoggingSender(), leased=False)
        return time.perf_counter() - started, counts


def worker(url):
    """A delivery process of the two-process run: ready once connected, then drains on 'go'."""
    app = make_app(url)
    with app.app_context():
        db.session.execute(text("SELECT 1")).all()
        db.session.rollback()
    print("ready", flush=True)
    sys.stdin.readline()
    print(json.dumps(one_process(app)[1]), flush=True)


def two_processes(url):
    env = dict(os.environ)
    processes = [subprocess.Popen([sys.executable, __file__, "--worker", url], env=env,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
                 for _ in range(2)]
    for process in processes:
        assert process.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()
    counts = [json.loads(process.stdout.readline()) for process in processes]
    elapsed = time.perf_counter() - started
    for process in processes:
        process.wait()
    return elapsed, counts


def measure(label, url, messages, runs):
    app = build(url, messages)
    figures = {"floor": [], "one process": []}
    if url.startswith("postgresql"):
        figures["two processes"] = []
    for run in range(runs):
        undeliver(app)
        figures["floor"].append(floor(app))
        undeliver(app)
        elapsed, counts = one_process(app)
        assert counts["delivered"] == messages, counts
        figures["one process"].append(elapsed)
        if "two processes" in figures:
            undeliver(app)
            elapsed, counts = two_processes(url)
            assert sum(c["delivered"] for c in counts) == messages, counts
            figures["two processes"].append(elapsed)
            print(f"  {label} run {run + 1}: the two processes delivered "
                  f"{' and '.join(str(c['delivered']) for c in counts)}", file=sys.stderr)
    floor_s = statistics.median(figures["floor"])
    print(f"\n{label}: {messages:,} messages due, median of {runs} runs")
    print(f"  {'':<14} {'seconds':>8} {'messages/min':>13} {'x floor':>8}")
    missed = False
    for name, times in figures.items():
        seconds = statistics.median(times)
        per_minute = messages / seconds * 60
        print(f"  {name:<14} {seconds:8.2f} {per_minute:13,.0f} {seconds / floor_s:8.1f}")
        missed |= name == "one process" and per_minute < TARGET_PER_MINUTE
    return missed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sqlite", default=os.path.join(tempfile.gettempdir(),
                                                         "bench_delivery.db"))
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL",
                                                             DEFAULT_POSTGRES))
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--worker", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    log = tempfile.NamedTemporaryFile(prefix="bench_delivery_", suffix=".log", delete=False)
    logging.basicConfig(filename=log.name, level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.worker:
        worker(args.worker)
        return 0
    print(f"The logging sender writes to {log.name}; target {TARGET_PER_MINUTE:,} "
          f"messages a minute on one process.")
    missed = False
    if not args.no_sqlite:
        if os.path.exists(args.sqlite):
            os.remove(args.sqlite)
        missed |= measure("SQLite", f"sqlite:///{args.sqlite}", args.messages, args.runs)
    if not args.no_postgres:
        missed |= measure("PostgreSQL", args.postgres, args.messages, args.runs)
    return 2 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
