"""The bench of the sweeps' data: a network, a million jobs in mixed states with their promise
clocks, the outbox, units and tokens, and for every sweep the rows that fall due in each run;
loaded in bulk (COPY on PostgreSQL), the indexes built afterwards."""
import json
from collections import namedtuple
from datetime import date, datetime, timedelta, timezone

from backend.db import db
from backend.domain.promises import running_clocks
from bench.databases import bulk_loading

NOW = datetime(2026, 7, 1, 4, 0, tzinfo=timezone.utc)  # 12:00 in Shanghai
MINUTE, DAY = timedelta(minutes=1), timedelta(days=1)
# Five, so that the median of the four runs after the first is not decided by one slow run:
# on a shared machine one run in a few is (a checkpoint, another process's disk).
RUNS = 5
POINTS = 100


def ident(kind, i):
    """UUID-shaped ids, made fast and in insertion order (as UUIDv7 would be)."""
    return f"{kind:08x}-0000-7000-8000-{i:012x}"


def sql_time(moment):
    return moment.astimezone(timezone.utc) if moment else None


# --- the data --------------------------------------------------------------------------------

_JobRow = namedtuple("_JobRow", (
    "id", "customer_id", "service", "brand", "description", "address", "lat", "lon", "status",
    "service_point_id", "service_day", "created_at", "updated_at", "respond_by", "on_site_by",
    "target_on_site_by", "at_risk_due", "at_risk_at", "breached_at", "completed_at",
    "feedback_due_at", "visits", "distance_km", "arrived_at"))


class Data:
    """Rows per table, as tuples in column order; `due` rows per sweep and run."""

    def __init__(self, jobs, due):
        self.jobs_n, self.due = jobs, due
        self.customers_n = max(jobs // 10, 3 * due)
        self.tables = {}

    def build(self):
        self.points()
        self.users()
        self.jobs()
        self.units()
        self.notifications()
        self.housekeeping()
        return self

    def points(self):
        cols = ("id", "name", "kind", "phone", "address", "lat", "lon", "services", "brands",
                "coverage_km", "daily_capacity", "active", "created_at", "updated_at")
        rows = []
        for i in range(POINTS):
            rows.append((ident(1, i), f"Point {i}", "authorised", f"+8602100{i:05d}",
                         f"{i} Service Road", 30.9 + (i % 10) * 0.07, 121.1 + (i // 10) * 0.07,
                         json.dumps(["repair", "install", "maintenance", "cleaning"]),
                         json.dumps(["Gree", "Midea", "Haier"]), 80.0, 100_000, True,
                         NOW - 400 * DAY, NOW - 400 * DAY))
        self.tables["service_points"] = (cols, rows)

    def users(self):
        cols = ("id", "role", "name", "phone", "password_hash", "service_point_id", "active",
                "created_at")
        rows = [(ident(2, i), "customer", f"Customer {i}", f"+86130{i:08d}", "x", None, True,
                 NOW - 500 * DAY) for i in range(self.customers_n)]
        rows += [(ident(3, i), "technician", f"Technician {i}", f"+86131{i:08d}", "x",
                  ident(1, i % POINTS), True, NOW - 500 * DAY) for i in range(2 * POINTS)]
        rows += [(ident(4, i), "dispatcher", f"Dispatcher {i}", f"+86132{i:08d}", "x", None,
                  True, NOW - 500 * DAY) for i in range(2)]
        self.tables["users"] = (cols, rows)

    def jobs(self):
        cols = _JobRow._fields
        jobs, events = [], []
        later = NOW + 2 * DAY

        def job(i, status, created, respond_by=None, on_site_by=None, at_risk_due=None,
                at_risk_at=None, breached_at=None, completed_at=None, feedback_due_at=None):
            point = ident(1, i % POINTS)
            on_site_by = on_site_by or created + DAY
            jobs.append((ident(5, i), ident(2, i % self.customers_n), "repair", "Midea",
                         "No cold air", f"{i} Nanjing Road", 31.0 + (i % 97) * 0.005,
                         121.3 + (i % 89) * 0.005, status, point,
                         (created + 8 * timedelta(hours=1)).date(), created, created,
                         respond_by, on_site_by, created + 6 * timedelta(hours=1),
                         at_risk_due or created + 18 * timedelta(hours=1), at_risk_at,
                         breached_at, completed_at, feedback_due_at, 1, 5.0,
                         completed_at))
            events.append((ident(6, i), ident(5, i), 1, created, "booked", status, "system",
                           point))

        i = 0
        for run in range(RUNS):
            due_at = NOW + run * MINUTE - timedelta(seconds=1)
            for _ in range(self.due):
                job(i, "assigned", NOW - timedelta(hours=1), respond_by=due_at,
                    on_site_by=later, at_risk_due=later)
                job(i + 1, "accepted", NOW - 18 * timedelta(hours=1), at_risk_due=due_at,
                    on_site_by=later)
                job(i + 2, "en_route", NOW - DAY, on_site_by=due_at, at_risk_due=NOW - DAY,
                    at_risk_at=NOW - 6 * timedelta(hours=1))
                job(i + 3, "completed", NOW - 3 * DAY, completed_at=NOW - 2 * DAY,
                    feedback_due_at=due_at, on_site_by=NOW - 2 * DAY)
                i += 4
        open_n = self.jobs_n // 25
        statuses = ("assigned", "accepted", "en_route")
        while i < self.jobs_n:
            if i < 4 * RUNS * self.due + open_n:
                job(i, statuses[i % 3], NOW - timedelta(minutes=5),
                    respond_by=NOW + timedelta(minutes=25) if i % 3 == 0 else None,
                    on_site_by=later, at_risk_due=later)
            else:
                created = NOW - (3 + i % 700) * DAY
                if i % 10 == 0:
                    job(i, "cancelled", created)
                else:
                    job(i, "completed", created, completed_at=created + 5 * timedelta(hours=1))
            i += 1
        self.tables["jobs"] = (cols, jobs)
        self.tables["promise_clocks"] = (("job_id", "kind", "due_at"), [
            (row.id, kind, due_at) for row in map(_JobRow._make, jobs)
            for kind, due_at in running_clocks(row).items()])
        self.tables["job_events"] = (("id", "job_id", "seq", "at", "event", "status",
                                      "actor_role", "service_point_id"), events)

    def units(self):
        cols = ("id", "owner_id", "brand", "model", "serial_number", "purchased_on",
                "installed_on", "policy_name", "whole_unit_until", "main_parts_until",
                "warranty_notice_on", "cleaning_offered_season", "created_at")
        today = NOW.date()
        rows = []
        n = max(self.jobs_n // 5, 6 * self.due)
        for i in range(n):
            warned, season = None, 2026
            if i < RUNS * self.due:  # warranty notices due on each of the next RUNS days
                warned = today + (i // self.due) * DAY
            elif i < 2 * RUNS * self.due:  # not offered a cleaning yet this season
                season = 2025
            bought = date(2020, 1, 1) + timedelta(days=i % 1500)
            until = (warned + 30 * DAY) if warned else bought + timedelta(days=364)
            rows.append((ident(7, i), ident(2, i % self.customers_n), "Midea", "KFR-35GW",
                         f"SN{i:010d}", bought, bought, "National standard", until,
                         bought + timedelta(days=3 * 365), warned, season, NOW - 400 * DAY))
        self.tables["units"] = (cols, rows)

    def notifications(self):
        cols = ("id", "user_id", "kind", "job_id", "template", "params", "created_at",
                "delivered_at", "attempts", "next_attempt_at")
        # Due ones as a booking writes them (delivery renders each); sent ones are never read.
        placed = json.dumps({"service": "repair", "point": "Point 1", "phone": "+862100000001",
                             "respond_by": "2026-07-01T02:30:00Z"})
        rows = []
        for i in range(max(self.jobs_n // 2, RUNS * self.due)):
            if i < RUNS * self.due:
                due_at = NOW + (i // self.due) * MINUTE - timedelta(seconds=1)
                rows.append((ident(8, i), ident(2, i % self.customers_n), "assigned",
                             ident(5, i), "job_placed", placed, due_at, None, 0, due_at))
            else:
                sent = NOW - (1 + i % 700) * DAY
                rows.append((ident(8, i), ident(2, i % self.customers_n), "completed",
                             ident(5, i), "completed", '{"service": "repair"}', sent, sent, 1,
                             sent))
        self.tables["notifications"] = (cols, rows)

    def housekeeping(self):
        self.tables["idempotency_keys"] = (
            ("id", "user_id", "key", "request_hash", "status_code", "body", "created_at"),
            [(ident(9, i), ident(2, i % self.customers_n), f"key-{i}", "h", 201, "{}",
              NOW - (2 if i < self.due else 0) * DAY + timedelta(seconds=i))
             for i in range(10 * self.due)])
        self.tables["ended_sign_ins"] = (
            ("sid", "expires_at"),
            [(f"sid-{i}", NOW - DAY if i < self.due else NOW + DAY)
             for i in range(10 * self.due)])


# --- loading ---------------------------------------------------------------------------------

def sqlite_value(value):
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def load(app, data):
    """A fresh schema, the rows in bulk, then the indexes (built once, not row by row)."""
    with app.app_context():
        engine = db.engine
        with bulk_loading(engine):
            raw = engine.raw_connection()
            try:
                if engine.dialect.name == "postgresql":
                    _copy(raw, data)
                else:
                    _executemany(raw, data)
                raw.commit()
                if engine.dialect.name == "sqlite":
                    raw.cursor().execute("PRAGMA synchronous=FULL")
            finally:
                raw.close()


def _copy(raw, data):
    cursor = raw.cursor()
    # Every row is consistent by construction; checking each foreign key would triple the load.
    cursor.execute("SET session_replication_role = replica")
    for table, (cols, rows) in data.tables.items():
        with cursor.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    cursor.execute("SET session_replication_role = DEFAULT")


def _executemany(raw, data):
    cursor = raw.cursor()
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.execute("PRAGMA synchronous=OFF")
    for table, (cols, rows) in data.tables.items():
        marks = ", ".join("?" * len(cols))
        cursor.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})",
                           ([sqlite_value(v) for v in row] for row in rows))
