"""Benchmark of the reports (KPIs, the seven standards, the four types of service) over a
million jobs and a million calls, against the floor of one plain SQL aggregate.

    .venv/bin/python bench/reports.py [--jobs 1000000] [--calls N] [--runs 5]
                                      [--sqlite PATH | --no-sqlite] [--postgres URL | --no-postgres]
    .venv/bin/python bench/reports.py --quick          # 100,000 jobs and calls: a smoke run

For each database the bench builds its own schema (db.create_all, indexes built after the
load), 400 service points with a character each, and `--jobs` jobs booked evenly over the
365 days before NOW, each played out by fixtures/history.py exactly as the demo month is
(timeline, feedback, complaints, callbacks, goodwill, notices), plus `--calls` hotline calls
(default: as many as jobs) over the same year. The measured period is the local month of
June 2026: about a twelfth of the rows.

Timed, end to end through the app (Flask's test client with an admin's token: routing,
auth, queries, JSON): the KPI report network-wide and for one point, the standards
network-wide, and the service types (100 points a page). Each is run once to warm up and
then `--runs` times; the median is reported.

The reports add up daily rollups (backend.services.rollups): after the load the bench
computes them all (`rebuild`, timed; `--no-load` reuses those an earlier run computed unless
`--rebuild`), and checks once that the month's figures from the rollups equal those counted
directly from the tables. "kpis, a day touched" times the network-wide KPIs when a change has
just touched one day of the month, so that the report computes that day again first: what a
report costs in the middle of a working day.

The floor is one plain SQL aggregate over the same month's rows, through an index: the count
and the on-time count of the jobs booked in the month (and, for the reports that also read
the hotline, the same over the month's calls, added). Each report is printed in seconds, as a
multiple of its floor, and against its target.

Exit status: 2 when a report misses its target (1 s for the standards and the service types,
0.5 s for the network-wide KPIs) or the rollups' figures differ from those counted directly."""
import argparse
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="bench_reports_"))

from flask_jwt_extended import create_access_token  # noqa: E402
from sqlalchemy import case, func, insert, select  # noqa: E402

from backend.db import db  # noqa: E402
from backend.models import Call, Job, ReportDay, ReportTouch  # noqa: E402
from backend.services import kpis, measures, rollups  # noqa: E402
from bench.databases import bulk_loading, create_database  # noqa: E402
from fixtures import history  # noqa: E402
from mobile_api import create_app  # noqa: E402

NOW = datetime(2026, 7, 1, 4, 0, tzinfo=timezone.utc)
MONTH = ("2026-06-01", "2026-06-30")
MONTH_BOUNDS = (datetime(2026, 5, 31, 16, 0, tzinfo=timezone.utc),  # local midnights
                datetime(2026, 6, 30, 16, 0, tzinfo=timezone.utc))
YEAR = timedelta(days=365)
POINTS = 400
CHUNK = 20_000
SEED = 20260701
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_reports"
TARGETS = {"kpis (network)": 0.5, "standards (network)": 1.0, "service types": 1.0}
# A moment in the middle of the month, whose day "kpis, a day touched" makes due again.
TOUCHED = datetime(2026, 6, 15, 6, 0, tzinfo=timezone.utc)


class Ids:
    """UUID-shaped ids, made fast and in insertion order (as UUIDv7 would be)."""

    def __init__(self, kind):
        self.kind, self.n = kind, 0

    def __call__(self):
        self.n += 1
        return f"{self.kind:08x}-0000-7000-8000-{self.n:012x}"


# --- the data --------------------------------------------------------------------------------

class Network:
    def __init__(self, jobs, calls):
        self.jobs_n, self.calls_n = jobs, calls
        rng = random.Random(SEED)
        self.points = [{"id": f"00000001-0000-7000-8000-{i:012x}",
                        "lat": 30.9 + (i % 20) * 0.03, "lon": 121.1 + (i // 20) * 0.03,
                        "character": history.CHARACTERS[history.draw_character(rng)]}
                       for i in range(POINTS)]
        self.customers = [{"id": f"00000002-0000-7000-8000-{i:012x}",
                           "phone": f"+86130{i:08d}"} for i in range(max(jobs // 10, 100))]
        self.technicians = [f"00000003-0000-7000-8000-{i:012x}" for i in range(POINTS)]
        self.admin = "00000004-0000-7000-8000-000000000000"
        self.dispatcher = "00000004-0000-7000-8000-000000000001"

    def fixed_rows(self):
        made = NOW - 2 * YEAR
        return {
            "service_points": [{
                "id": p["id"], "name": f"Point {i}", "kind": "authorised",
                "phone": f"+8602100{i:05d}", "address": f"{i} Service Road", "lat": p["lat"],
                "lon": p["lon"], "services": history.SERVICES, "brands": ["Midea"],
                "coverage_km": 50.0, "daily_capacity": 10_000, "active": True,
                "created_at": made, "updated_at": made} for i, p in enumerate(self.points)],
            "users": [_user(c["id"], "customer", c["phone"], None, made)
                      for c in self.customers]
            + [_user(t, "technician", f"+86131{i:08d}", self.points[i]["id"], made)
               for i, t in enumerate(self.technicians)]
            + [_user(self.admin, "admin", "+8613200000000", None, made),
               _user(self.dispatcher, "dispatcher", "+8613200000001", None, made)]}

    def chunks(self):
        """Rows per table, CHUNK jobs (and as many calls) at a time."""
        rng, new_id = random.Random(SEED + 1), Ids(5)
        start = NOW - YEAR
        step = YEAR / max(self.jobs_n, 1)
        call_step = YEAR / max(self.calls_n, 1)
        jobs_done = calls_done = 0
        while jobs_done < self.jobs_n or calls_done < self.calls_n:
            rows = {}
            for i in range(jobs_done, min(jobs_done + CHUNK, self.jobs_n)):
                n = i % POINTS
                point = self.points[n]
                _gather(rows, history.job_story(
                    rng, new_id, start + i * step, point, self.customers[i % len(
                        self.customers)]["id"], self.technicians[n], self.dispatcher,
                    point["character"], NOW, neighbour=self.points[n - 1]).rows)
            recent = [job["id"] for job in rows.get("jobs", ())]
            for i in range(calls_done, min(calls_done + CHUNK, self.calls_n)):
                desk = None if i % 10 else self.points[i % POINTS]["id"]
                # A fifth of the callers ring about a job of about the same days.
                about = recent[i % len(recent)] if recent and i % 5 == 0 else None
                _gather(rows, history.call_story(
                    rng, new_id, start + i * call_step, self.dispatcher, desk,
                    self.customers[i % len(self.customers)], about, NOW).rows)
            jobs_done, calls_done = (min(jobs_done + CHUNK, self.jobs_n),
                                     min(calls_done + CHUNK, self.calls_n))
            yield rows


def _user(user_id, role, phone, point_id, made):
    return {"id": user_id, "role": role, "name": f"{role} {phone[-4:]}", "phone": phone,
            "password_hash": "x", "service_point_id": point_id, "active": True,
            "locale": "zh-CN", "created_at": made}


def _gather(rows, story_rows):
    for table, found in story_rows.items():
        rows.setdefault(table, []).extend(found)


# --- loading ---------------------------------------------------------------------------------

def load(app, network):
    """A fresh schema, the rows in bulk, then the indexes (built once, not row by row)."""
    with app.app_context():
        engine = db.engine
        postgres = engine.dialect.name == "postgresql"
        counts = {}
        with bulk_loading(engine):
            raw = engine.raw_connection()
            try:
                cursor = raw.cursor()
                # Every row is consistent by construction; checking each key would triple
                # the load.
                cursor.execute("SET session_replication_role = replica" if postgres
                               else "PRAGMA foreign_keys=OFF")
                write = _copy if postgres else _insert
                for rows in itertools.chain([network.fixed_rows()], network.chunks()):
                    for table, found in rows.items():
                        write(cursor, table, found)
                        counts[table] = counts.get(table, 0) + len(found)
                raw.commit()
            finally:
                raw.close()
        return counts


def _columns(found):
    return sorted({key for row in found for key in row})


def _copy(cursor, table, found):
    columns = _columns(found)
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in found:
            copy.write_row([_plain(row.get(c), json_text=True) for c in columns])


def _insert(cursor, table, found):
    columns = _columns(found)
    cursor.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        ([_plain(row.get(c)) for c in columns] for row in found))


def _plain(value, json_text=False):
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value)
    if json_text:
        return value
    if isinstance(value, datetime):  # SQLite: naive UTC, as UTCDateTime stores it
        return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- the timings -----------------------------------------------------------------------------

def timed(runs, action):
    action()  # warm: the first run pays for caches the others share
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def floors(app, runs):
    start, end = MONTH_BOUNDS

    def aggregate(table_time, flag):
        query = select(func.count(), func.sum(case((flag, 1), else_=0))).where(
            table_time >= start, table_time < end)
        return lambda: db.session.execute(query).one()

    with app.app_context():
        return {"jobs": timed(runs, aggregate(Job.created_at, Job.on_time.is_(True))),
                "calls": timed(runs, aggregate(Call.rang_at,
                                               Call.answered_within_standard.is_(True)))}


def reports(app, network, runs):
    with app.app_context():
        token = create_access_token(identity=network.admin, additional_claims={
            "role": "admin", "sid": "bench-sign-in", "gen": 0})
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    period = f"from={MONTH[0]}&to={MONTH[1]}"
    one_point = network.points[7]["id"]
    paths = {
        "kpis (network)": f"/api/v1/reports/kpis?{period}",
        "kpis (one point)": f"/api/v1/reports/kpis?{period}&service_point_id={one_point}",
        "standards (network)": f"/api/v1/reports/standards?{period}",
        "service types": f"/api/v1/reports/service-types?{period}&per_page=100",
    }
    results, bodies = {}, {}

    for name, path in paths.items():
        def get(path=path, name=name):
            response = client.get(path, headers=headers)
            assert response.status_code == 200, response.get_json()
            bodies[name] = response
        results[name] = timed(runs, get)

    def touched_then_get():
        with app.app_context():
            db.session.execute(insert(ReportTouch.__table__), [{"at": TOUCHED}])
            db.session.commit()
        client.get(paths["kpis (network)"], headers=headers)
    results["kpis, a day touched"] = timed(runs, touched_then_get)
    return results, bodies


def prepare_rollups(app, rebuild):
    """The rollup tables (added to a database loaded before they existed), computed unless an
    earlier run did; the seconds the computing took, or None."""
    with app.app_context():
        db.create_all()
        if not rebuild and db.session.query(ReportDay).first() is not None:
            return None
        started = time.perf_counter()
        rollups.rebuild()
        return time.perf_counter() - started


def same_as_counted_directly(app):
    """Whether the month's network-wide figures from the rollups equal those counted directly
    from the tables (the reports' figures before there were rollups)."""
    start, end = MONTH_BOUNDS
    days = tuple(date.fromisoformat(day) for day in MONTH)
    with app.app_context():
        measures.without_jit()
        direct = kpis.measure_directly(measures.Period(start, end))
        from_rollups = kpis.measure(measures.Period(start, end, days=days))
        return direct == from_rollups


def report(label, counts, build_s, rollup_s, same, floor, results, bodies):
    print(f"\n{label}: loaded in {build_s:.0f} s: " + ", ".join(
        f"{n:,} {table}" for table, n in counts.items() if n))
    print("  rollups: " + ("computed by an earlier run" if rollup_s is None
                           else f"computed for the whole history in {rollup_s:.1f} s")
          + f"; the month's figures equal those counted directly: {'yes' if same else 'NO'}")
    kpis = bodies["kpis (network)"].get_json()
    print(f"  the month: {kpis['jobs_booked']:,} jobs booked, {kpis['calls']:,} calls; "
          f"service types {bodies['service types'].headers['X-Service-Types']}")
    print(f"  floor: jobs aggregate {floor['jobs'] * 1000:.1f} ms, calls aggregate "
          f"{floor['calls'] * 1000:.1f} ms")
    missed = False
    for name, seconds in results.items():
        reads_calls = name != "service types"
        base = floor["jobs"] + (floor["calls"] if reads_calls else 0)
        target = TARGETS.get(name)
        verdict = "" if target is None else (
            f"  target {target:.1f} s: {'met' if seconds <= target else 'MISSED'}")
        missed |= target is not None and seconds > target
        print(f"  {name:<20} {seconds:7.3f} s  = {seconds / base:5.1f}x its floor "
              f"({'jobs + calls' if reads_calls else 'jobs'}){verdict}")
    return missed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, help="default: as many as --jobs")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sqlite", default=os.path.join(tempfile.gettempdir(),
                                                         "bench_reports.db"))
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL",
                                                             DEFAULT_POSTGRES))
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--quick", action="store_true", help="100,000 jobs and calls")
    parser.add_argument("--no-load", action="store_true",
                        help="time the reports on the rows an earlier run loaded (same sizes)")
    parser.add_argument("--rebuild", action="store_true",
                        help="with --no-load: compute the rollups again")
    args = parser.parse_args(argv)
    if args.quick:
        args.jobs = 100_000
    calls = args.jobs if args.calls is None else args.calls
    for leftover in (args.sqlite, f"{args.sqlite}-wal", f"{args.sqlite}-shm"):
        if os.path.exists(leftover) and not args.no_load:
            os.remove(leftover)
    databases = [] if args.no_sqlite else [("SQLite", f"sqlite:///{args.sqlite}")]
    if not args.no_postgres:
        create_database(args.postgres)
        databases.append(("PostgreSQL", args.postgres))
    print(f"{args.jobs:,} jobs and {calls:,} calls over a year; the month {MONTH[0]}.."
          f"{MONTH[1]}; median of {args.runs} runs after one to warm up")
    network = Network(args.jobs, calls)
    missed = False
    for label, url in databases:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url})
        started = time.perf_counter()
        counts = {"(loaded before)": 0} if args.no_load else load(app, network)
        build_s = time.perf_counter() - started
        rollup_s = prepare_rollups(app, args.rebuild)
        same = same_as_counted_directly(app)
        floor = floors(app, args.runs)
        results, bodies = reports(app, network, args.runs)
        missed |= report(label, counts, build_s, rollup_s, same, floor, results, bodies)
        missed |= not same
    return 2 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
