"""The migrations build the very schema the models describe, on the database under test."""
from datetime import datetime, timedelta, timezone

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import insert, text

from backend.db import db, new_id
from backend.models import Job
from tests.conftest import clocks_out_of_step, held_clocks


def test_the_migrated_schema_is_the_one_the_models_describe(app):
    # The test database was built by running the migrations; a model changed without a
    # migration shows here as a difference (a column, an index, a type).
    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_upgrading_starts_the_clocks_of_the_jobs_already_kept(app, make):
    # Jobs kept before promise_clocks existed get the clocks their states call for, so no
    # promise made before the upgrade goes unwatched after it.
    customer = make.customer()
    at = datetime(2026, 7, 1, 2, 0, tzinfo=timezone.utc)
    states = [dict(status="assigned"), dict(status="en_route", at_risk_at=at),
              dict(status="accepted", arrived_at=at), dict(status="on_site", arrived_at=at),
              dict(status="completed", arrived_at=at, feedback_due_at=at + timedelta(days=2)),
              dict(status="cancelled")]
    with app.app_context():
        downgrade(revision="c85047967cda")
        try:
            jobs = [{"id": new_id(), "customer_id": customer.id, "service": "repair",
                     "brand": "Midea", "description": "No cold air", "address": "1 Road",
                     "lat": 31.2, "lon": 121.5, "service_day": at.date(), "created_at": at,
                     "updated_at": at, "respond_by": at + timedelta(minutes=30),
                     "on_site_by": at + timedelta(hours=24),
                     "target_on_site_by": at + timedelta(hours=6),
                     "at_risk_due": at + timedelta(hours=18), "visits": 0, "at_risk_at": None,
                     "arrived_at": None, "feedback_due_at": None, **state} for state in states]
            # Written past the session: its hooks write to tables of the newest schema.
            with db.engine.begin() as connection:
                connection.execute(insert(Job.__table__), jobs)
        finally:
            upgrade()
        assert clocks_out_of_step() == {}
        held = held_clocks()
    assert [len(held.get(job["id"], {})) for job in jobs] == [3, 1, 0, 0, 1, 0]


def test_upgrading_writes_the_stored_phones_in_e164_and_reports_the_ones_that_collide(
        app, capfd):
    at = datetime(2026, 7, 1, 2, 0, tzinfo=timezone.utc)
    typed = {"kept": "+8613800000003", "spaced": "+86 139 0000 0001",
             "dashed": "+86-138-0000-0003", "bare": "8613700000002", "nonsense": "12345"}
    ids = {name: new_id() for name in typed}
    with app.app_context():
        downgrade(revision="9b41e7d3c2a5")
        try:
            for n, (name, phone) in enumerate(typed.items()):
                db.session.execute(text(
                    "INSERT INTO users (id, role, name, phone, password_hash, active, "
                    "created_at) VALUES (:id, 'customer', :name, :phone, 'x', :active, :at)"),
                    {"id": ids[name], "name": name, "phone": phone, "active": True,
                     "at": (at + timedelta(minutes=n)).replace(tzinfo=None)})
            db.session.commit()
        finally:
            upgrade()
        stored = dict(db.session.execute(text("SELECT name, phone FROM users")).all())
    assert stored == {"kept": "+8613800000003", "spaced": "+8613900000001",
                      "dashed": "+86-138-0000-0003", "bare": "+8613700000002",
                      "nonsense": "12345"}
    report = capfd.readouterr().err
    assert f"users {ids['dashed']}: phone +86-13****0003 collides" in report
    assert f"users {ids['nonsense']}: phone **** is not a valid number" in report
    assert "+8613800000003" not in report
