"""Benchmark of the scheduler's sweeps against APScheduler holding one date job per promise.

    .venv/bin/python bench/sweeps.py [--jobs 1000000] [--due 1000] [--sqlite PATH | --no-sqlite]
                                     [--postgres URL | --no-postgres] [--baseline 10000,100000]
    .venv/bin/python bench/sweeps.py --quick

For each database the bench builds its own schema (db.create_all) and a network of 100 points,
`--jobs` jobs in mixed states (most of them closed history, a few per cent open and not due)
with the promise clocks their states call for, one timeline event per job, an outbox half the
size of the jobs table, a unit base a fifth of it; then, for every sweep, five sets of `--due`
rows falling due a minute (a day, for the warranty notices) apart. Each sweep runs five times
as of the moment one set is due, then five times with nothing due; a run is the sweep end to
end: find what is due, act on it, commit. On SQLite the write-ahead log is copied into the
database file after each run, as the scheduler's checkpointer does every two seconds apart from
the sweeps (backend.db.checkpoint); that copy is timed and printed beside the sweeps, not in
them.

The baseline is APScheduler 3 with its SQLAlchemy job store on the same database: one date job
per promise (a no-op: the baseline does not even act), all of them due at once, and the default
misfire grace time of one second. It reports how long the scheduler takes to get through them
and how many it silently skipped as missed.

The floor is what the database itself charges for the rows a sweep writes: each kind of write
(job updates, timeline events, outbox rows...) done once for `--due` rows in one statement of
SQL, with no Python per row, and rolled back. Delivery's floor adds the one read it cannot do
without, since a message is read to be handed on: its rows with their recipients, fetched.
The sum over a sweep's statements is the least any implementation of that sweep could cost on
this machine; the bench prints each sweep's time as a multiple of it. Each write is timed
right after each run of its sweep, and its median taken over the same runs as the sweep's: a
shared machine's pace drifts over the minutes a bench takes, and sweep and floor then meet it
alike.

Exit status: 2 when a sweep misses a target: with `--due` rows due, its time (median of the
runs after the first) at most 2x its floor on SQLite and 1.5x on PostgreSQL; with none due,
5 ms. `--sweeps lapse,at_risk` times only those."""
import argparse
import gc
import logging
import os
import pickle
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="bench_sweeps_"))

from sqlalchemy import bindparam, create_engine, event, text  # noqa: E402

import backend  # noqa: E402
from backend.db import UTCDateTime, checkpoint, db  # noqa: E402
from backend.services import sweeps  # noqa: E402
import scheduler  # noqa: E402
from bench.databases import create_database  # noqa: E402
from bench.sweeps_data import DAY, MINUTE, NOW, RUNS, Data, load  # noqa: E402

TARGET_FLOOR_RATIO = {"SQLite": 2.0, "PostgreSQL": 1.5}
TARGET_IDLE_MS = 5.0
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_sweeps"


# --- the sweeps ------------------------------------------------------------------------------

def sweep_plan(due):
    """(name, function of now, the instants its due sets fall due)."""
    sent = []
    minutes = [NOW + run * MINUTE for run in range(RUNS)]
    # Delivered as to the scheduler's default sender, the log: in place, not leased.
    return [
        ("delivery", lambda now: sweeps.deliver_notifications(now, sent.append, batch=due,
                                                              leased=False), minutes),
        ("warranty", sweeps.announce_warranty_expiry, [NOW + run * DAY for run in range(RUNS)]),
        ("seasonal_cleaning", sweeps.offer_seasonal_cleaning,
         [NOW + run * timedelta(seconds=1) for run in range(RUNS)]),
        ("feedback_silence", sweeps.queue_silent_feedback, minutes),
        ("lapse", sweeps.move_unanswered, minutes),
        ("at_risk", sweeps.flag_at_risk, minutes),
        ("breach", sweeps.record_breaches, minutes),
        ("housekeeping", sweeps.clean_up, [NOW]),
    ]


def time_sweeps(app, due, only=None):
    results = {}
    with app.app_context():
        for name, function, instants in sweep_plan(due):
            if only and name not in only:
                continue
            busy, idle, acted = [], [], []
            checkpointed, bare = [], {write: [] for write in SWEEP_WRITES.get(name, ())}
            for now in instants:
                started = time.perf_counter()
                counts = function(now)
                busy.append((time.perf_counter() - started) * 1000)
                acted.append(sum(counts.values()))
                # What the scheduler's checkpointer copies of the log on SQLite before the
                # sweep's next run (it runs every two seconds, the sweeps every minute),
                # apart from the sweeps: timed, and shown beside them.
                started = time.perf_counter()
                if checkpoint() is not None:
                    checkpointed.append((time.perf_counter() - started) * 1000)
                # The floor beside each run, not minutes later: a shared machine's pace drifts.
                for write, times in bare.items():
                    times.append(bare_write(write, due))
            for _ in range(RUNS):
                started = time.perf_counter()
                counts = function(instants[-1])
                idle.append((time.perf_counter() - started) * 1000)
                assert sum(v for k, v in counts.items() if k != "left") == 0, (name, counts)
            results[name] = {"acted": acted, "busy_ms": busy, "idle_ms": idle,
                             "checkpoint_ms": checkpointed,
                             "floor_ms": {write: statistics.median(times[1:] or times)
                                          for write, times in bare.items()}}
    return results


def time_idle_tick(app):
    """A scheduler tick with nothing due: every sweep of sweeps.IN_ORDER, then delivery, as of
    the last minute the due sets fell due in. The first tick delivers what the timed sweeps
    queued; the next ones find nothing. (median ms, SQL statements per tick)."""
    statements = []

    def count(*_):
        statements.append(1)
    tick = [*sweeps.IN_ORDER,
            ("delivery", lambda now: sweeps.deliver_notifications(now, lambda message: None,
                                                                  leased=False))]
    now, times = NOW + (RUNS - 1) * MINUTE, []
    with app.app_context():
        for run in range(RUNS + 1):
            statements.clear()
            event.listen(db.engine, "before_cursor_execute", count)
            started = time.perf_counter()
            acted = {name: run_sweep(now) for name, run_sweep in tick}
            times.append((time.perf_counter() - started) * 1000)
            event.remove(db.engine, "before_cursor_execute", count)
            if run:
                assert not any(v for counts in acted.values() for k, v in counts.items()
                               if k != "left"), acted
    return statistics.median(times[1:]), len(statements)


# --- the floor: what the database charges for the bare writes ---------------------------------

# Each write a sweep makes, done to `--due` rows at once in one statement of SQL that the
# server runs alone (no Python per row), on rows like the ones the sweeps touch: open jobs and
# their running clocks; new rows with their foreign keys and indexes. The rows are picked
# first, untimed, so that only the write is measured.
OPEN_JOBS = ("SELECT id FROM jobs WHERE at_risk_at IS NULL AND arrived_at IS NULL AND status IN "
             "('pending','assigned','accepted','en_route') ORDER BY at_risk_due DESC LIMIT :n")
CLOSED_JOBS = "SELECT id FROM jobs WHERE status = 'completed' ORDER BY id DESC LIMIT :n"
FLOOR_WRITES = {
    "clock deletes": ("SELECT job_id FROM promise_clocks WHERE kind = 'breach' "
                      "ORDER BY due_at DESC LIMIT :n",
                      "DELETE FROM promise_clocks WHERE kind = 'breach' AND job_id IN :ids"),
    "open job updates": (OPEN_JOBS, """UPDATE jobs SET at_risk_at = :now, updated_at = :now
        WHERE id IN :ids"""),
    # A move changes the point, which the jobs' indexes hold: no update in place.
    "moved job updates": (OPEN_JOBS, """UPDATE jobs SET service_point_id = (SELECT min(id)
        FROM service_points), respond_by = :now WHERE id IN :ids"""),
    "clock inserts": (OPEN_JOBS, """INSERT INTO promise_clocks (job_id, kind, due_at)
        SELECT id, 'floor', :now FROM jobs WHERE id IN :ids"""),
    "closed job updates": (CLOSED_JOBS, "UPDATE jobs SET feedback_due_at = :now WHERE id IN :ids"),
    "unit updates": ("SELECT id FROM units ORDER BY id DESC LIMIT :n",
                     "UPDATE units SET cleaning_offered_season = 2099 WHERE id IN :ids"),
    "outbox updates": ("SELECT id FROM notifications ORDER BY id DESC LIMIT :n", """UPDATE
        notifications SET delivered_at = :now, attempts = attempts + 1 WHERE id IN :ids"""),
    # A message is read to be handed on: the one read a delivery cannot do without, its rows
    # fetched as the driver gives them.
    "outbox reads": ("SELECT id FROM notifications ORDER BY id DESC LIMIT :n", """SELECT n.id,
        n.user_id, n.kind, n.template, n.params, n.job_id, n.unit_id, n.created_at, n.attempts,
        u.phone, u.name, u.locale FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.id IN :ids"""),
    "timeline events": (CLOSED_JOBS, """INSERT INTO job_events (id, job_id, seq, at, event,
        status, actor_role, note) SELECT 'ffffffff' || substr(id, 9), id, 1000, :now, 'at_risk',
        status, 'system', 'Most of the time to the promised visit has gone with no arrival.'
        FROM jobs WHERE id IN :ids"""),
    "outbox rows": (CLOSED_JOBS, """INSERT INTO notifications (id, user_id, kind, job_id,
        template, params, created_at, next_attempt_at, attempts, dedupe_key) SELECT
        'eeeeeeee' || substr(id, 9), customer_id, 'running_late', id, 'running_late',
        '{"service": "repair", "on_site_by": "2026-07-01T06:00:00Z"}', :now, :now, 0,
        'floor:' || id FROM jobs WHERE id IN :ids"""),
    "callbacks": (CLOSED_JOBS, """INSERT INTO callbacks (id, job_id, customer_id, reason, due_at,
        created_at) SELECT 'dddddddd' || substr(id, 9), id, customer_id, 'no_feedback', :now,
        :now FROM jobs WHERE id IN :ids"""),
}
# The writes of each sweep when `--due` rows are due. A job's sweep stops its clocks first; a
# lapse then claims its jobs, moves them, starts the new point's clock, and tells each
# customer and the two technicians of each new point.
SWEEP_WRITES = {
    "delivery": ["outbox reads", "outbox updates"],
    "warranty": ["unit updates", "outbox rows"],
    "seasonal_cleaning": ["unit updates", "outbox rows"],
    "feedback_silence": ["clock deletes", "closed job updates", "callbacks"],
    "lapse": ["clock deletes", "open job updates", "moved job updates", "clock inserts",
              "timeline events"] + 3 * ["outbox rows"],
    "at_risk": ["clock deletes", "open job updates", "timeline events", "outbox rows"],
    "breach": ["clock deletes", "open job updates", "timeline events"],
}


def bare_write(name, due):
    """ms of the bare write `name` of FLOOR_WRITES to `due` rows, in a transaction rolled
    back afterwards."""
    pick, write = FLOOR_WRITES[name]
    statement = text(write).bindparams(bindparam("ids", expanding=True))
    if ":now" in write:
        statement = statement.bindparams(bindparam("now", NOW, type_=UTCDateTime()))
    with db.engine.connect() as connection:
        ids = connection.scalars(text(pick), {"n": due}).all()
        started = time.perf_counter()
        result = connection.execute(statement, {"ids": ids})
        if result.returns_rows:
            result.all()
        elapsed = (time.perf_counter() - started) * 1000
        connection.rollback()
    return elapsed


# --- the baseline: one APScheduler date job per promise --------------------------------------

def promise_due(_job_number):
    """What each baseline job runs: nothing, so only the scheduler's own cost is measured."""


def apscheduler_baseline(url, count, grace=1):
    from apscheduler.events import EVENT_JOB_EXECUTED, EVENT_JOB_MISSED
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.job import Job as DateJob
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.date import DateTrigger

    table = "bench_apscheduler_promises"
    store = SQLAlchemyJobStore(url=url, tablename=table)
    engine = create_engine(url)
    store.jobs_t.drop(engine, checkfirst=True)
    store.jobs_t.create(engine)
    scheduler = BackgroundScheduler(jobstores={"default": store},
                                    executors={"default": ThreadPoolExecutor(10)},
                                    timezone=timezone.utc)
    # Stored as add_job stores them, but in one bulk insert: adding them one by one is the
    # booking's cost, spread over the day, not the scheduler's.
    fire = datetime.now(timezone.utc) + timedelta(seconds=3 + count / 20_000)
    rows = []
    for i in range(count):
        job = DateJob(scheduler, id=f"promise-{i}", func=promise_due, args=(i,), kwargs={},
                      trigger=DateTrigger(run_date=fire), executor="default", name="promise",
                      misfire_grace_time=grace, coalesce=True, max_instances=1,
                      next_run_time=fire)
        rows.append({"id": job.id, "next_run_time": fire.timestamp(),
                     "job_state": pickle.dumps(job.__getstate__(), pickle.HIGHEST_PROTOCOL)})
    with engine.begin() as connection:
        connection.execute(store.jobs_t.insert(), rows)
    done, counted, last = threading.Event(), {"run": 0, "missed": 0}, [None]
    lock = threading.Lock()

    def listen(event):
        with lock:
            counted["missed" if event.code == EVENT_JOB_MISSED else "run"] += 1
            last[0] = time.time()
            if counted["run"] + counted["missed"] == count:
                done.set()
    scheduler.add_listener(listen, EVENT_JOB_EXECUTED | EVENT_JOB_MISSED)
    scheduler.start()
    finished = done.wait(timeout=600)
    scheduler.shutdown(wait=False)
    store.jobs_t.drop(engine, checkfirst=True)
    engine.dispose()
    return {"count": count, "seconds": (last[0] or time.time()) - fire.timestamp(),
            "run": counted["run"], "missed": counted["missed"], "finished": finished}


# --- the report ------------------------------------------------------------------------------

def report(label, build_s, results, baselines, due):
    print(f"\n== {label}: built in {build_s:.0f} s")
    print(f"{'sweep':<18} {'acted per run':<18} {'due: runs (ms)':<26} {'idle: runs (ms)':<22}"
          f"{'bare writes (ms)':<18} sweep / bare writes")
    missed = False
    for name, r in results.items():
        bare = sum(r["floor_ms"][write] for write in SWEEP_WRITES.get(name, ()))
        ratio = statistics.median(r["busy_ms"][1:] or r["busy_ms"]) / bare if bare else None
        ok_busy = ratio is None or ratio <= TARGET_FLOOR_RATIO[label]
        ok_idle = max(r["idle_ms"]) <= TARGET_IDLE_MS
        missed |= not (ok_busy and ok_idle)
        versus = f"{bare:8.1f}          {ratio:4.1f}x" if bare else ""
        print(f"{name:<18} {'/'.join(map(str, r['acted'])):<18} "
              f"{' '.join(f'{ms:6.1f}' for ms in r['busy_ms']):<22}{'' if ok_busy else ' !':<4}"
              f"{' '.join(f'{ms:5.1f}' for ms in r['idle_ms']):<18}{'' if ok_idle else ' !':<4}"
              f"{versus}")
    if "delivery" in results:
        # Beside the figures of the sessions that counted the update alone as the floor.
        alone = (statistics.median(results["delivery"]["busy_ms"][1:])
                 / results["delivery"]["floor_ms"]["outbox updates"])
        print(f"(delivery / the outbox update alone, the floor before the read counted: "
              f"{alone:.1f}x)")
    print(f"(first run of each sweep includes warming up; the target, at most "
          f"{TARGET_FLOOR_RATIO[label]}x the bare writes, applies to the median of the others)")
    checkpoints = {name: r["checkpoint_ms"] for name, r in results.items()
                   if r["checkpoint_ms"]}
    if checkpoints:
        print("the checkpointer's copy of the log after each run (the scheduler's job, apart "
              "from the sweeps; ms): " + ", ".join(
                  f"{name} {' '.join(f'{ms:.1f}' for ms in runs)}"
                  for name, runs in checkpoints.items()))
    print(f"bare writes of {due:,} rows, one SQL statement each, beside each sweep's runs: "
          + "; ".join(f"{name}: " + ", ".join(f"{write} {ms:.1f} ms" for write, ms
                                                in r["floor_ms"].items())
                      for name, r in results.items() if r["floor_ms"]))
    print("    (a sweep cannot cost less than the sum of its writes: that sum is the machine's "
          "floor for the sweep)")
    promise_sweeps = [n for n in ("lapse", "at_risk", "breach", "feedback_silence")
                      if n in results]
    if not promise_sweeps:
        return missed
    per_due_ms = statistics.median(
        statistics.median(results[n]["busy_ms"][1:]) for n in promise_sweeps) / due
    for b in baselines:
        per = b["seconds"] * 1000 / b["count"]
        print(f"APScheduler, {b['count']:>7} date jobs due at once: {b['seconds']:6.1f} s to get "
              f"through them, {b['missed']} of them skipped as missed (misfire grace 1 s), "
              f"{per:.3f} ms per promise" + ("" if b["finished"] else " (gave up waiting)"))
        print(f"    ratio: a sweep handles a due promise in {per_due_ms:.3f} ms, "
              f"{per / per_due_ms:.0f}x less than the baseline, and skips none")
    return missed


def main(argv=None):
    # The baseline's skipped jobs are the finding, counted below, not a line each.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--sqlite", default=os.path.join(tempfile.gettempdir(),
                                                         "bench_sweeps.db"))
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL",
                                                             DEFAULT_POSTGRES))
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--baseline", default="10000,100000",
                        help="sizes of the APScheduler baseline, comma-separated")
    parser.add_argument("--sweeps", default="",
                        help="time only these sweeps, comma-separated (default: all)")
    parser.add_argument("--quick", action="store_true",
                        help="100,000 jobs and a 2,000-job baseline: a smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        args.jobs, args.baseline = 100_000, "2000"
    sizes = [int(s) for s in args.baseline.split(",") if s]

    # A write-ahead log left beside an old file would be replayed into the new one.
    for leftover in (args.sqlite, f"{args.sqlite}-wal", f"{args.sqlite}-shm"):
        if os.path.exists(leftover):
            os.remove(leftover)
    databases = [] if args.no_sqlite else [("SQLite", f"sqlite:///{args.sqlite}")]
    if not args.no_postgres:
        create_database(args.postgres)
        databases.append(("PostgreSQL", args.postgres))
    only = {name for name in args.sweeps.split(",") if name}
    print(f"{args.jobs:,} jobs, {args.due:,} due per sweep run; targets: at most "
          + " and ".join(f"{r}x the floor on {db_}" for db_, r in TARGET_FLOOR_RATIO.items())
          + f" with rows due, {TARGET_IDLE_MS:.0f} ms with none")
    started = time.perf_counter()
    data = Data(args.jobs, args.due).build()
    print(f"rows made in {time.perf_counter() - started:.0f} s")
    # The rows stay in memory for the second database. Frozen, the garbage collector does not
    # walk their millions of objects in the middle of a timed run; a scheduler process holds
    # no such heap.
    gc.collect()
    gc.freeze()
    missed = False
    for label, url in databases:
        app = backend.create_app({**scheduler.SETTINGS, "SQLALCHEMY_DATABASE_URI": url})
        started = time.perf_counter()
        load(app, data)
        build_s = time.perf_counter() - started
        results = time_sweeps(app, args.due, only)
        # The tick runs every sweep: with some left untimed, their due rows would be acted on.
        tick = None if only else time_idle_tick(app)
        baseline_url = (f"sqlite:///{args.sqlite}.apscheduler" if label == "SQLite" else url)
        baselines = [apscheduler_baseline(baseline_url, n) for n in sizes]
        missed |= report(label, build_s, results, baselines, args.due)
        if tick:
            print(f"a tick with nothing due (every sweep, then delivery): {tick[0]:.1f} ms, "
                  f"{tick[1]} SQL statements")
    return 2 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
