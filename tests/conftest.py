"""Fixtures in the style of the Flask tutorial: `app`, `client`, `runner`, plus factories.

The suite runs on the database named by TEST_DATABASE_URL (PostgreSQL in CI's second run), or
on a fresh SQLite file. The schema is built by the migrations, as in production; every test
starts from empty tables."""
import os
import tempfile
from datetime import date, datetime, timedelta, timezone

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text

from backend.db import db
from backend.domain.promises import running_clocks
from backend.models import Certification, Job, PromiseClock, ServicePoint, Unit, User
from backend.services.passwords import hash_password
from backend.services.placement import bump_revision
from backend.services.units import set_warranty
from mobile_api import create_app
from mobile_api.auth import sign_in_tokens

PASSWORD = "correct horse"
T0 = datetime(2026, 7, 1, 2, 0, tzinfo=timezone.utc)  # 10:00 in Shanghai, a summer morning


def _database_url(tmp):
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp}/test.db"


def _empty_database(url):
    if url.startswith("postgresql"):
        from sqlalchemy import create_engine
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()


@pytest.fixture(scope="session")
def app():
    tmp = tempfile.mkdtemp()
    url = _database_url(tmp)
    _empty_database(url)
    os.environ["INSTANCE_PATH"] = tmp
    # The cheapest password hash: the tests prove the sign-in flow, not argon2's cost.
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                      "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256",
                      "PASSWORD_HASH_PROFILE": "CHEAPEST",
                      # Per-client limits are tried by their own tests (test_client_limits).
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
    yield app


@pytest.fixture(autouse=True)
def _clean_tables(app):
    yield
    with app.app_context():
        db.session.rollback()
        out_of_step = clocks_out_of_step()
        if db.engine.dialect.name == "postgresql":
            # The tables are emptied in dependency order, so no foreign key can fail; its check
            # is a query per deleted row, planned once per connection while the tables were
            # small, and after a test that leaves thousands of jobs (the demo's history) it
            # scanned for minutes.
            db.session.execute(text("SET LOCAL session_replication_role = replica"))
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
    assert not out_of_step, f"promise clocks out of step with their jobs: {out_of_step}"


def held_clocks():
    """The promise clock rows, as {job id: {kind: due_at}}."""
    held = {}
    for clock in db.session.scalars(select(PromiseClock)):
        held.setdefault(clock.job_id, {})[clock.kind] = clock.due_at
    return held


def clocks_out_of_step():
    """Jobs whose clock rows are not the clocks their state calls for, as {job id: (held,
    wanted)}: a use case or a sweep that forgot a clock would leave a promise unwatched, and
    nothing else would show it."""
    held = held_clocks()
    wanted = {job.id: running_clocks(job) for job in db.session.scalars(select(Job))}
    return {job_id: (held.get(job_id, {}), clocks) for job_id, clocks in wanted.items()
            if held.get(job_id, {}) != clocks}


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class Factory:
    """Builds rows directly (Indico style): `make.point(brands=["Haier"])`."""

    def __init__(self, app):
        self.app = app
        self.count = 0
        with app.app_context():
            self.password_hash = hash_password(PASSWORD)

    def _n(self):
        self.count += 1
        return self.count

    def _save(self, row):
        with self.app.app_context():
            db.session.add(row)
            if isinstance(row, ServicePoint):
                bump_revision()
            db.session.commit()
            db.session.refresh(row)
            db.session.expunge(row)
        return row

    def user(self, role="customer", **overrides):
        n = self._n()
        fields = dict(role=role, name=f"{role.title()} {n}", phone=f"+8613{n:09d}",
                      password_hash=self.password_hash, created_at=T0)
        certifications = overrides.pop("certifications", None)
        fields.update(overrides)
        user = User(**fields)
        if certifications is None and role == "technician":
            certifications = {"install": date(2030, 1, 1), "repair": date(2030, 1, 1)}
        user.certifications = [Certification(skill=s, expires_on=d)
                               for s, d in (certifications or {}).items()]
        return self._save(user)

    def customer(self, **overrides):
        return self.user("customer", **overrides)

    def technician(self, point, **overrides):
        return self.user("technician", service_point_id=point.id, **overrides)

    def dispatcher(self, point=None, **overrides):
        return self.user("dispatcher", service_point_id=point.id if point else None, **overrides)

    def admin(self, **overrides):
        return self.user("admin", **overrides)

    def point(self, lat=31.2304, lon=121.4737, **overrides):
        n = self._n()
        fields = dict(name=f"Point {n}", kind="authorised", phone=f"+86021{n:07d}",
                      address=f"{n} Service Road", lat=lat, lon=lon,
                      services=["repair", "install", "maintenance", "cleaning"],
                      brands=["Gree", "Midea", "Haier"], coverage_km=50.0, daily_capacity=20,
                      active=True, created_at=T0, updated_at=T0)
        fields.update(overrides)
        return self._save(ServicePoint(**fields))

    def unit(self, owner, **overrides):
        fields = dict(owner_id=owner.id, brand="Midea", model="KFR-35GW",
                      serial_number=f"SN{self._n():08d}", purchased_on=date(2026, 1, 10),
                      installed_on=None, created_at=T0)
        fields.update(overrides)
        unit = Unit(**fields)
        with self.app.app_context():
            set_warranty(unit, self.app.config["WARRANTY_NOTICE_DAYS"])
        return self._save(unit)

    def headers(self, user, refresh=False):
        with self.app.app_context():
            token = sign_in_tokens(user)[1 if refresh else 0]
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def make(app):
    return Factory(app)


def booking(**overrides):
    """A valid booking body for Shanghai's People's Square."""
    body = {"service": "repair", "brand": "Midea", "description": "No cold air",
            "address": "People's Square 1, Huangpu, Shanghai",
            "location": {"lat": 31.2304, "lon": 121.4737}}
    body.update(overrides)
    return body


def in_hours(hours, start=T0):
    return start + timedelta(hours=hours)


def iso(moment):
    return moment.isoformat().replace("+00:00", "Z")
