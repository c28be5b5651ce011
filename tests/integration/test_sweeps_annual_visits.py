"""The year-round follow-up: one `annual_visit` callback a year for every owner of a unit."""
from collections import Counter
from datetime import date, datetime, timedelta, timezone

import time_machine
from sqlalchemy import select

from backend.db import db
from backend.domain.annual_visits import slot
from backend.models import AnnualVisit, Callback, Unit
from backend.services import sweeps
from backend.services.units import set_warranty
from tests.conftest import T0
from tests.jobs_factory import put


def local_noon(day):
    """12:00 of `day` in Shanghai, as UTC."""
    return datetime(day.year, day.month, day.day, 4, tzinfo=timezone.utc)


def run(app, now, batch=1000):
    with app.app_context():
        return sweeps.queue_annual_visits(now, batch=batch)


def visits(app):
    """(customer id, key) of the yearly calls queued, in key order."""
    with app.app_context():
        return sorted((c.customer_id, c.dedupe_key) for c in db.session.scalars(
            select(Callback).where(Callback.reason == "annual_visit")))


def owner_with_unit(make, **unit):
    owner = make.customer()
    make.unit(owner, **unit)
    return owner


def due_day(app, customer):
    with app.app_context():
        return db.session.get(AnnualVisit, customer.id).due_on


def test_registering_a_unit_gives_its_owner_a_day_this_year_or_next(app, make):
    owner = owner_with_unit(make)  # registered at T0, 1 July 2026
    expected = slot(owner.id, 2026)
    if expected < T0.date():
        expected = slot(owner.id, 2027)
    assert due_day(app, owner) == expected
    make.unit(owner)  # a second unit changes nothing
    assert due_day(app, owner) == expected


def test_a_customer_without_a_unit_is_not_called(app, make):
    make.customer()
    assert run(app, local_noon(date(2027, 12, 31))) == {"queued": 0, "postponed": 0}


def test_the_call_is_queued_on_the_owners_day_and_not_before(app, make):
    owner = owner_with_unit(make)
    day = due_day(app, owner)
    assert run(app, local_noon(day - timedelta(days=1)))["queued"] == 0
    assert run(app, local_noon(day))["queued"] == 1
    assert visits(app) == [(owner.id, f"annual_visit:{owner.id}:{day.year}")]
    with app.app_context():
        callback = db.session.scalar(select(Callback))
        assert (callback.job_id, callback.due_at) == (None, local_noon(day))
    assert due_day(app, owner) == slot(owner.id, day.year + 1)


def test_one_call_a_year_however_often_the_sweep_runs(app, make):
    owner = owner_with_unit(make)
    day = due_day(app, owner)
    counts = [run(app, local_noon(day) + timedelta(hours=hours))["queued"]
              for hours in range(0, 48, 6)]
    assert sum(counts) == 1
    next_year = slot(owner.id, day.year + 1)
    assert run(app, local_noon(next_year))["queued"] == 1
    assert [key for _, key in visits(app)] == [f"annual_visit:{owner.id}:{day.year}",
                                                f"annual_visit:{owner.id}:{day.year + 1}"]


def test_a_day_missed_while_the_scheduler_was_down_is_caught_up_once(app, make):
    owner = owner_with_unit(make)
    day = due_day(app, owner)
    # Down for more than a year: this year's call is made late, next year's passed day is
    # not made up as well; the owner is next called on their day still ahead.
    late = local_noon(slot(owner.id, day.year + 1) + timedelta(days=3))
    assert run(app, late)["queued"] == 1
    assert run(app, late + timedelta(hours=1))["queued"] == 0
    assert due_day(app, owner) == slot(owner.id, day.year + 2)


def test_no_call_within_30_days_of_a_job(app, make):
    owner = owner_with_unit(make)
    day = due_day(app, owner)
    booked = local_noon(day - timedelta(days=10))
    put(app, owner, make.point(), status="completed", created_at=booked, respond_by=None,
        completed_at=booked + timedelta(hours=5))
    assert run(app, local_noon(day)) == {"queued": 0, "postponed": 1}
    assert due_day(app, owner) == day + timedelta(days=20)
    assert run(app, local_noon(day + timedelta(days=19)))["queued"] == 0
    assert run(app, local_noon(day + timedelta(days=20)))["queued"] == 1
    assert visits(app) == [(owner.id, f"annual_visit:{owner.id}:{day.year}")]


def test_an_open_job_holds_the_call_off_too(app, make):
    owner = owner_with_unit(make)
    day = due_day(app, owner)
    put(app, owner, make.point(), status="accepted",
        created_at=local_noon(day - timedelta(days=60)))
    assert run(app, local_noon(day)) == {"queued": 0, "postponed": 1}
    assert due_day(app, owner) == day + timedelta(days=30)


def test_a_big_base_is_worked_off_in_batches(app, make):
    owners = [owner_with_unit(make) for _ in range(5)]
    latest = max(due_day(app, owner) for owner in owners)
    counts = [run(app, local_noon(latest) + timedelta(minutes=i), batch=2)["queued"]
              for i in range(4)]
    assert counts == [2, 2, 1, 0]
    assert len(visits(app)) == 5


def test_the_calls_spread_over_the_year(app, make):
    # 240 owners: every month of the year has some of their days, none more than a fifth.
    owners = [make.customer() for _ in range(240)]
    with app.app_context():
        for owner in owners:
            unit = Unit(owner_id=owner.id, brand="Midea", model="KFR-35GW",
                        serial_number=f"SPREAD{owner.id[-8:]}", purchased_on=date(2026, 1, 10),
                        created_at=T0)
            set_warranty(unit, 30)
            db.session.add(unit)
        db.session.commit()
        months = Counter(row.due_on.month for row in db.session.scalars(select(AnnualVisit)))
    assert len(months) == 12 and max(months.values()) < 48


def test_the_dispatchers_see_the_yearly_call_in_their_queue(app, make, client):
    owner = owner_with_unit(make)
    day = due_day(app, owner)
    run(app, local_noon(day))
    network = make.dispatcher()
    with time_machine.travel(local_noon(day) + timedelta(hours=1), tick=False):
        body = client.get("/api/v1/callbacks?due=true", headers=make.headers(network)).get_json()
    assert [(c["reason"], c["job_id"], c["customer"]["id"]) for c in body] == [
        ("annual_visit", None, owner.id)]
    point_dispatcher = make.dispatcher(make.point())
    assert client.get("/api/v1/callbacks",
                      headers=make.headers(point_dispatcher)).get_json() == []
