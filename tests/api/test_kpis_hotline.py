"""The hotline's figures in the KPI report and the standards: calls by the ring standard and
their holds, messages returned when promised, goodwill confirmed.

The calls are written as the hotline's use case writes them (judged by backend.domain.hotline
when logged), straight to the tables: these tests are about counting."""
from datetime import timedelta

import pytest
import time_machine

from backend.db import db
from backend.domain.hotline import CallStandard, Hold, judge_call
from backend.models import Call, Callback, GoodwillGesture, Job
from tests.api.jobs_helpers import Desk
from tests.conftest import T0, in_hours

JULY_1 = "?from=2026-07-01&to=2026-07-01"


@pytest.fixture
def desk(client, make):
    with time_machine.travel(T0, tick=False):
        yield Desk(client, make)


def log_call(app, agent, rang_hours, answer_after=None, holds=(), outcome="advice", job=None,
             point=None):
    rang_at = in_hours(rang_hours)
    answered_at = rang_at + timedelta(seconds=answer_after) if answer_after is not None else None
    ended_at = rang_at + timedelta(minutes=10)
    held = [Hold(rang_at + timedelta(seconds=60), rang_at + timedelta(seconds=60 + s))
            for s in holds]
    figures = judge_call(rang_at, answered_at, ended_at, held, CallStandard())
    with app.app_context():
        call = Call(direction="inbound", phone="+8613900000009", agent_id=agent.id,
                    service_point_id=point.id if point else None, job_id=job,
                    rang_at=rang_at, answered_at=answered_at, ended_at=ended_at,
                    holds=[{"start": h.start.isoformat(), "end": h.end.isoformat()}
                           for h in held],
                    rings=figures.rings, answered_within_standard=figures.answered_within_standard,
                    longest_hold_seconds=figures.longest_hold_seconds,
                    hold_band=figures.hold_band, outcome=outcome, created_at=ended_at)
        db.session.add(call)
        db.session.commit()
        return call.id


@pytest.fixture
def hotline_day(desk, app):
    """Four calls on July 1: answered after 15 s (2 rings) with no hold; after 25 s (4 rings)
    with a 90 s hold; after 6 s with a 200 s hold; and one abandoned. One the day before."""
    agent = desk.dispatcher
    log_call(app, agent, 1, answer_after=15)
    log_call(app, agent, 2, answer_after=25, holds=(30, 90))
    log_call(app, agent, 3, answer_after=6, holds=(200,))
    log_call(app, agent, 4, outcome="abandoned")
    log_call(app, agent, -11, answer_after=50)  # 23:00 on June 30 in Shanghai
    return agent


def report(client, make, user, query=JULY_1, kind="kpis"):
    response = client.get(f"/api/v1/reports/{kind}{query}", headers=make.headers(user))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_calls_are_counted_by_the_ring_standard_and_their_longest_hold(
        hotline_day, client, make):
    body = report(client, make, hotline_day)
    assert body["calls"] == 4
    assert body["answered_within_three_rings_rate"] == 0.6667  # 2 and 0 rings; not 4
    assert body["hold_bands"] == {"none": 1, "short": 0, "long": 1, "very_long": 1}
    assert body["abandoned_rate"] == 0.25


def test_a_points_report_counts_the_calls_its_own_desk_took(desk, client, make, app):
    own = make.dispatcher(desk.point)
    log_call(app, own, 1, answer_after=30, point=desk.point)
    log_call(app, desk.dispatcher, 1, answer_after=5)
    body = report(client, make, own)
    assert body["calls"] == 1 and body["answered_within_three_rings_rate"] == 0.0


def test_messages_count_as_returned_on_time_only_by_the_time_promised(desk, client, make, app):
    call_id = log_call(app, desk.dispatcher, 1, answer_after=5, outcome="message")
    with app.app_context():
        for done_after in (1, 3, None):  # promised within 2 hours
            db.session.add(Callback(
                job_id=None, customer_id=desk.customer.id, call_id=call_id, reason="message",
                created_at=in_hours(1), due_at=in_hours(3),
                done_at=in_hours(1 + done_after) if done_after else None))
        db.session.commit()
    body = report(client, make, desk.dispatcher)
    assert body["messages_returned_on_time_rate"] == 0.3333


def test_goodwill_confirmed_counts_for_the_point_that_had_the_job(desk, client, make, app):
    job = desk.book()
    other = make.point(name="Elsewhere")
    with app.app_context():
        db.session.add(GoodwillGesture(job_id=job["id"], service_point_id=desk.point.id,
                                       gesture="gift", note="An air-conditioner cover",
                                       confirmed_by_id=desk.dispatcher.id, at=in_hours(2)))
        db.session.commit()
    assert report(client, make, desk.dispatcher)["goodwill_confirmed"] == 1
    assert report(client, make, desk.dispatcher,
                  JULY_1 + f"&service_point_id={other.id}")["goodwill_confirmed"] == 0


def test_the_standards_read_the_hotline_into_timeliness_and_communication(
        hotline_day, client, make):
    areas = {area["area"]: {row["name"]: row for row in area["indicators"]}
             for area in report(client, make, hotline_day, kind="standards")}
    assert areas["timeliness"]["answered_within_three_rings_rate"]["met"] is False
    assert areas["communication"]["abandoned_rate"]["value"] == 0.25
    assert areas["communication"]["long_hold_rate"]["value"] == 0.6667


def test_a_job_moved_after_its_customer_called_about_it_was_not_moved_unasked(
        desk, client, make, app):
    job = desk.book()
    beijing = make.point(name="Beijing", lat=39.9042, lon=116.4074)
    log_call(app, desk.dispatcher, 0.2, answer_after=5, job=job["id"])
    for point in (beijing, desk.point):
        with time_machine.travel(in_hours(1), tick=False):
            desk.step(job, "assign", {"service_point_id": point.id}, as_user=desk.dispatcher)
    with app.app_context():
        assert db.session.get(Job, job["id"]).service_point_id == desk.point.id
    areas = {area["area"]: {row["name"]: row for row in area["indicators"]}
             for area in report(client, make, desk.dispatcher, kind="standards")}
    assert areas["adaptability"]["moved_unasked_rate"]["value"] == 0.0
