"""Booking at speed: `POST /api/v1/jobs` beside a bare Flask + Flask-SQLAlchemy app.

    .venv/bin/python bench/booking.py [--seconds 8] [--rounds 2] [--connections 8]
                                      [--sqlite PATH | --no-sqlite]
                                      [--postgres URL | --no-postgres]

For each database the bench loads the demo network (every point's daily capacity raised, so
that each booking is placed and the run measures placement, not a network filling up) and
the baseline's own two tables (bench/booking_baseline.py: one indexed SELECT and one INSERT
per request), then serves both apps side by side with gunicorn (2 sync workers each, as
`./serve` does; SQLite in WAL mode) on 127.0.0.1. On SQLite the scheduler's checkpointer runs
beside them, as `./serve` runs it beside the API: the write-ahead log is copied into the file
every two seconds, off the requests' path, whichever app wrote it.

The load generator is a bounded Python client on loopback: `--connections` threads, each
with its own connection, each request timed from the moment it was due to its answer.
1. Throughput: as fast as the server answers, baseline and booking in turn (A B A B ...),
   `--seconds` each; requests a second per app, and the booking's ratio to the baseline.
2. Latency: both apps again at half the baseline's throughput (an open loop: requests are
   sent on a fixed schedule, and a late answer delays the ones after it, which count that
   wait), the 50th, 90th and 99th percentiles.
Every booking is a real one: a demo customer's, at a place drawn by the summer day's demand
(cities by population).

Targets: the booking's throughput at least 0.5 of the baseline's, and its p99 at half the
baseline's rate at most 50 ms; exit status 2 when one is missed."""
import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="bench_booking_"))

from sqlalchemy import update  # noqa: E402

from bench import booking_baseline  # noqa: E402
from bench.databases import fresh_database  # noqa: E402

SECRET = "bench-booking-secret-key-long-enough-for-hs256"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_booking"
TARGET_RATIO, TARGET_P99_MS = 0.5, 50.0
BODIES = 2000
CUSTOMERS = 64


# --- the databases and the servers -----------------------------------------------------------

def prepare(url):
    """Schema, demo network, customers and their tokens, in the database at `url`."""
    from flask_jwt_extended import create_access_token
    from flask_migrate import upgrade

    from backend.db import db, new_id
    from backend.models import ServicePoint, User
    from backend.services.placement import bump_revision
    from fixtures import demo_network
    from mobile_api import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET})
    now = datetime.now(timezone.utc)
    with app.app_context():
        upgrade()
        demo_network.load_demo(now)
        db.session.execute(update(ServicePoint).values(daily_capacity=1_000_000))
        bump_revision()
        customers = [User(id=new_id(), role="customer", name=f"Bench customer {n}",
                          phone=f"+8617100{n:06d}", password_hash="!", created_at=now)
                     for n in range(CUSTOMERS)]
        db.session.add_all(customers)
        db.session.commit()
        # A sign-in each, as login would make it (a new account's token generation is 0).
        tokens = [create_access_token(identity=c.id, expires_delta=timedelta(hours=6),
                                      additional_claims={"role": "customer", "sid": new_id(),
                                                         "gen": 0}) for c in customers]
        db.engine.dispose()
    booking_baseline.prepare(url)
    return tokens


def bodies(seed=1):
    from backend.simulation import demand
    from fixtures import demo_network
    cities = [(c.name, c.lat, c.lon, c.population) for c in demo_network.read_cities()]
    start = datetime.now(timezone.utc)
    return [json.dumps({"service": b.service, "brand": b.brand,
                        "description": "No cold air", "address": f"{b.city}, bench",
                        "location": {"lat": b.lat, "lon": b.lon}})
            for b in demand.plan_day(BODIES, start, cities,
                                     {"repair": 1, "maintenance": 1, "cleaning": 1}, seed)]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, app, url):
        self.port = free_port()
        # The per-client limits stay on, counting every booking as in service, but far above
        # what the bench's few customers send: it measures their cost, not their refusals.
        env = dict(os.environ, DATABASE_URL=url, BENCH_DATABASE_URL=url, SECRET_KEY=SECRET,
                   RATE_LIMIT_BOOKING="1000000 per minute")
        self.process = subprocess.Popen(
            [os.path.join(ROOT, ".venv", "bin", "gunicorn"), "--config",
             "python:mobile_api.gunicorn_conf", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "2", "--log-level", "warning", app],
            cwd=ROOT, env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{app} did not start")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


class Checkpointer:
    """On SQLite, the scheduler's checkpointer (backend.db.checkpoint) beside the servers, as
    `./serve` runs it beside the API: the write-ahead log copied into the database file every
    CHECKPOINT_INTERVAL_SECONDS, on a thread of this process (SQLite copies with Python's lock
    released), for the baseline's rows as much as for the bookings'."""

    def __init__(self, url):
        import backend
        from backend.db import checkpoint
        self.app = backend.create_app({"SQLALCHEMY_DATABASE_URI": url})
        self.every = self.app.config["CHECKPOINT_INTERVAL_SECONDS"]
        self.checkpoint, self.stopped = checkpoint, threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        with self.app.app_context():
            while not self.stopped.wait(self.every):
                self.checkpoint()

    def stop(self):
        self.stopped.set()
        self.thread.join()


# --- the load --------------------------------------------------------------------------------

class Load:
    """`connections` threads sending POSTs to one app for `seconds`; with `rate`, on a fixed
    schedule shared out between them, else each as fast as it is answered."""

    def __init__(self, port, path, bodies, tokens, connections, seconds, rate=None):
        self.port, self.path, self.bodies, self.tokens = port, path, bodies, tokens
        self.connections, self.seconds, self.rate = connections, seconds, rate
        self.latencies, self.errors = [], 0
        self.lock = threading.Lock()

    def run(self):
        self.started = time.perf_counter()
        threads = [threading.Thread(target=self.worker, args=(n,))
                   for n in range(self.connections)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - self.started
        return len(self.latencies) / elapsed

    def worker(self, n):
        rng = random.Random(n)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Content-Type": "application/json",
                   "Authorization": f"Bearer {self.tokens[n % len(self.tokens)]}"}
        interval = self.connections / self.rate if self.rate else None
        due = self.started + (n / self.rate if self.rate else 0)
        end = self.started + self.seconds
        mine, errors = [], 0
        while True:
            now = time.perf_counter()
            if interval is None:
                due = now
            elif due > now:
                time.sleep(due - now)
            if due >= end:
                break
            try:
                connection.request("POST", self.path, rng.choice(self.bodies), headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 201
            except (OSError, http.client.HTTPException):
                connection.close()
                ok = False
            if ok:
                mine.append(time.perf_counter() - due)
            else:
                errors += 1
            if interval is not None:
                due += interval
        with self.lock:
            self.latencies += mine
            self.errors += errors


def percentiles(latencies):
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"p50": cuts[49] * 1000, "p90": cuts[89] * 1000, "p99": cuts[98] * 1000}


# --- one database ----------------------------------------------------------------------------

def bench(name, url, args):
    print(f"\n== {name}: preparing (demo network, baseline tables)", flush=True)
    tokens = prepare(url)
    payloads = bodies()
    apps = {"baseline": ("bench.booking_baseline:create_app()", "/orders"),
            "booking": ("mobile_api:create_app()", "/api/v1/jobs")}
    servers = {app: Server(spec, url) for app, (spec, _) in apps.items()}
    checkpointer = Checkpointer(url) if url.startswith("sqlite") else None
    try:
        for app, server in servers.items():  # warm both up: imports, caches, connections
            Load(server.port, apps[app][1], payloads, tokens, args.connections, 2).run()
        rates = {app: [] for app in apps}
        loads = {app: [] for app in apps}
        for round_ in range(args.rounds):
            for app, server in servers.items():
                load = Load(server.port, apps[app][1], payloads, tokens, args.connections,
                            args.seconds)
                rates[app].append(load.run())
                loads[app].append(load)
                print(f"   round {round_ + 1} {app:8} {rates[app][-1]:7.1f} req/s  "
                      f"errors {load.errors}  " + _shown(percentiles(load.latencies)),
                      flush=True)
        throughput = {app: statistics.mean(values) for app, values in rates.items()}
        ratio = throughput["booking"] / throughput["baseline"]
        half = throughput["baseline"] / 2
        paced = {}
        for app, server in servers.items():
            load = Load(server.port, apps[app][1], payloads, tokens, args.connections,
                        args.seconds, rate=half)
            achieved = load.run()
            paced[app] = percentiles(load.latencies)
            print(f"   at {half:.0f} req/s {app:8} achieved {achieved:7.1f} req/s  "
                  f"errors {load.errors}  " + _shown(paced[app]), flush=True)
    finally:
        for server in servers.values():
            server.stop()
        if checkpointer:
            checkpointer.stop()
    met = ratio >= TARGET_RATIO and paced["booking"]["p99"] <= TARGET_P99_MS
    print(f"{name}: booking {throughput['booking']:.1f} req/s, baseline "
          f"{throughput['baseline']:.1f} req/s: ratio {ratio:.2f} (target >= {TARGET_RATIO}); "
          f"p99 at half the baseline's rate {paced['booking']['p99']:.1f} ms (baseline "
          f"{paced['baseline']['p99']:.1f} ms; target <= {TARGET_P99_MS:.0f} ms): "
          f"{'met' if met else 'MISSED'}", flush=True)
    return met


def _shown(cuts):
    return "  ".join(f"{name} {value:6.1f} ms" for name, value in cuts.items())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--sqlite", default=os.path.join(tempfile.gettempdir(),
                                                         "bench_booking.db"))
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL",
                                                             DEFAULT_POSTGRES))
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    results = []
    if not args.no_sqlite:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(args.sqlite + suffix):
                os.remove(args.sqlite + suffix)
        results.append(bench("SQLite (WAL)", f"sqlite:///{args.sqlite}", args))
    if not args.no_postgres:
        fresh_database(args.postgres)
        results.append(bench("PostgreSQL", args.postgres, args))
    return 0 if all(results) else 2


if __name__ == "__main__":
    sys.exit(main())
