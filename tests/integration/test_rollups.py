"""The reports' daily rollups give the very figures the tables give counted directly: over a
random small network, for every scope, and after changes made through the system's own use
cases and sweeps once the days were computed."""
import random
from datetime import date, datetime, timedelta, timezone

import pytest
import time_machine
from sqlalchemy import func, select

from backend.db import db, new_id
from backend.domain.indicators import period_bounds
from backend.models import ReportDay, ReportTouch
from backend.services import kpis, measures, rollups, settings
from backend.services.sweeps import (deliver_notifications, flag_at_risk, move_unanswered,
                                     queue_silent_feedback, record_breaches)
from fixtures import history
from fixtures.demo_month import insert_rows
from tests.api.jobs_helpers import Desk
from tests.integration.conftest import run_once_cli
from tests.conftest import T0, booking

FIRST, LAST = date(2026, 6, 20), date(2026, 7, 4)
NOW = datetime(2026, 7, 1, 2, 0, tzinfo=timezone.utc)


def a_random_history(make, rng, points, jobs=240, calls=120):
    """Jobs and calls over the twelve days before NOW at `points`, played out by
    fixtures/history.py as the demo month is, written in bulk through the session."""
    customers = [make.customer() for _ in range(6)]
    dispatcher = make.dispatcher()
    technicians = {point.id: make.technician(point).id for point in points}
    sites = [{"id": p.id, "lat": p.lat, "lon": p.lon} for p in points]
    start = NOW - timedelta(days=12)
    rows = {}
    for _ in range(jobs):
        n = rng.randrange(len(sites))
        created = start + rng.uniform(0, 11) * timedelta(days=1)
        story = history.job_story(
            rng, new_id, created, sites[n], rng.choice(customers).id, technicians[sites[n]["id"]],
            dispatcher.id, history.CHARACTERS[history.draw_character(rng)], NOW,
            neighbour=sites[n - 1])
        for table, found in story.rows.items():
            rows.setdefault(table, []).extend(found)
    booked = [job["id"] for job in rows["jobs"]]
    for _ in range(calls):
        caller = rng.choice(customers)
        desk = rng.choice([None, *sites])
        story = history.call_story(
            rng, new_id, start + rng.uniform(0, 12) * timedelta(days=1), dispatcher.id,
            desk and desk["id"], {"id": caller.id, "phone": caller.phone},
            rng.choice(booked) if rng.random() < 0.3 else None, NOW)
        for table, found in story.rows.items():
            rows.setdefault(table, []).extend(found)
    insert_rows(rows)
    db.session.commit()


def periods(rng):
    """Whole periods and random stretches of days, the network's and each point's."""
    found = [(FIRST, LAST), (LAST, LAST), (FIRST - timedelta(days=3), FIRST)]
    for _ in range(4):
        first = FIRST + timedelta(days=rng.randrange(14))
        found.append((first, first + timedelta(days=rng.randrange(5))))
    return found


def assert_rollups_count_as_the_tables(points, rng):
    tz = settings.network_tz()
    for first, last in periods(rng):
        start, end = period_bounds(first, last, tz)
        by_point = rollups.counts_by_point(first, last)
        for point_id in (None, *(p.id for p in points)):
            from_rollups = kpis.measure(measures.Period(start, end, point_id, (first, last)))
            directly = kpis.measure_directly(measures.Period(start, end, point_id))
            assert from_rollups == directly, (first, last, point_id)
            if point_id is not None:
                counts = directly[0].__dict__
                assert by_point.get(point_id, dict.fromkeys(counts, 0)) == counts


@pytest.mark.parametrize("seed", [1, 2])
def test_the_rollups_of_a_random_network_count_as_the_tables_do(app, make, seed):
    rng = random.Random(seed)
    points = [make.point(lat=31.2 + n * 0.01) for n in range(4)]
    with app.app_context():
        a_random_history(make, rng, points)
        assert_rollups_count_as_the_tables(points, rng)


def test_the_rollups_follow_what_use_cases_and_sweeps_change_after_they_were_computed(
        app, make, client):
    rng = random.Random(3)
    with time_machine.travel(T0, tick=False):
        desk = Desk(client, make)
        neighbour = make.point(lat=31.25)
        make.technician(neighbour)
        points = [desk.point, neighbour]
        with app.app_context():
            a_random_history(make, rng, points, jobs=80, calls=40)
            rollups.rebuild()
            assert_rollups_count_as_the_tables(points, rng)
        # A day of work through the API: a visit answered unhappily (a complaint and a
        # callback), both followed up; a job nobody accepts.
        job = desk.completed()
        desk.step(job, "feedback", {"satisfied": False}, as_user=desk.customer)
        headers = make.headers(desk.dispatcher)
        complaint = _about(client.get("/api/v1/complaints?per_page=100", headers=headers), job)
        assert client.post(f"/api/v1/complaints/{complaint['id']}/resolve",
                           json={"resolution": "Refund"}, headers=headers).status_code == 200
        callback = _about(client.get("/api/v1/callbacks?per_page=100", headers=headers), job)
        assert client.post(f"/api/v1/callbacks/{callback['id']}/record",
                           json={"reached": True, "satisfied": True, "note": "Fine"},
                           headers=headers).status_code == 200
        desk.book()  # nobody accepts it: the lapse sweep moves it to the neighbour
        late = desk.book(service="install")
        desk.step(late, "accept")
    with app.app_context():
        # The sweeps: the unanswered job moves to the neighbour, the accepted one is flagged
        # and then breaches, the silent customers get callbacks, the outbox is delivered.
        for hours in (1, 19, 25, 75):
            now = T0 + timedelta(hours=hours)
            for sweep in (move_unanswered, flag_at_risk, record_breaches,
                          queue_silent_feedback, _deliver):
                sweep(now)
    with time_machine.travel(T0 + timedelta(hours=26), tick=False):
        response = client.post(f"/api/v1/jobs/{late['id']}/goodwill", json={
            "gesture": "gift", "note": "A cover"}, headers=make.headers(desk.dispatcher))
        assert response.status_code == 201, response.get_json()
        # A customer books and cancels, then erases the account before the messages went:
        # the unsent ones go, and with them the days' counts of messages.
        leaving = make.customer()
        response = client.post("/api/v1/jobs", json=booking(), headers=make.headers(leaving))
        assert response.status_code == 201, response.get_json()
        desk.step(response.get_json(), "cancel", {"reason": "Moving"}, as_user=leaving)
        response = client.delete("/api/v1/me", headers=make.headers(leaving))
        assert response.status_code == 204, response.get_json()
    with app.app_context():
        assert db.session.scalar(select(ReportTouch.id).limit(1)) is not None
        assert_rollups_count_as_the_tables(points, rng)
        day = date(2026, 7, 2)
        start, end = period_bounds(day, day, settings.network_tz())
        counts, _ = kpis.measure(measures.Period(start, end, None, (day, day)))
        # Both broke their promise that day: the one accepted, and the one nobody accepted.
        assert (counts.breaches, counts.goodwill_confirmed) == (2, 1)


def _about(response, job):
    assert response.status_code == 200, response.get_json()
    return next(row for row in response.get_json() if row["job_id"] == job["id"])


def _deliver(now):
    return deliver_notifications(now, send=lambda message: None)


def test_rebuild_rollups_computes_every_day_of_the_history(app, make, runner):
    points = [make.point()]
    with app.app_context():
        a_random_history(make, random.Random(4), points, jobs=30, calls=10)
    result = runner.invoke(args=["rebuild-rollups"], env={
        "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "en_US.UTF-8"})
    assert result.exit_code == 0, result.output
    with app.app_context():
        days = db.session.scalar(select(func.count()).select_from(ReportDay))
        assert db.session.scalar(select(ReportTouch.id).limit(1)) is None
        assert_rollups_count_as_the_tables(points, random.Random(5))
    assert days >= 11
    assert f"The reports' rollups were computed for {days} days." in result.output


def test_the_scheduler_computes_the_days_a_booking_touched(app, make, client, monkeypatch):
    with time_machine.travel(T0, tick=False):
        Desk(client, make).book()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReportTouch)) > 0
    run_once_cli(app, monkeypatch, T0)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReportTouch)) == 0
        today = settings.local_day(T0)
        assert db.session.scalar(select(ReportDay.basis).where(ReportDay.day == today))
        start, end = period_bounds(today, today, settings.network_tz())
        assert kpis.measure(measures.Period(start, end, None, (today, today)))[0].booked == 1
