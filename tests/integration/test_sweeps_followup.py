"""The follow-up sweeps: silence after a visit, warranty notices and seasonal cleaning offers."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend.db import db
from backend.models import Callback, Job, Notification, Unit
from backend.services import sweeps
from backend.services.sweeps import followup as followup_sweeps
from backend.services.notifications import notify
from tests.conftest import T0
from tests.jobs_factory import notices, put

SECOND = timedelta(seconds=1)
COMPLETED = T0 + timedelta(hours=5)
FEEDBACK_DUE = COMPLETED + timedelta(hours=48)


def local_midnight(day):
    """00:00 of `day` in Shanghai, as UTC."""
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc) - timedelta(hours=8)


def run(app, function, now):
    with app.app_context():
        return function(now)


def callbacks(app):
    with app.app_context():
        return [(c.job_id, c.reason, c.due_at) for c in db.session.scalars(select(Callback))]


def completed_job(app, make):
    return put(app, make.customer(), make.point(), status="completed", respond_by=None,
               completed_at=COMPLETED, feedback_due_at=FEEDBACK_DUE)


# --- feedback silence --------------------------------------------------------------------------

def test_no_callback_while_the_customer_still_has_time_to_answer(app, make, sweep):
    completed_job(app, make)
    sweep(sweeps.queue_silent_feedback, FEEDBACK_DUE - SECOND)
    assert callbacks(app) == []


def test_silence_48_hours_after_completion_puts_a_callback_in_the_queue(app, make, sweep):
    job_id = completed_job(app, make)
    sweep(sweeps.queue_silent_feedback, FEEDBACK_DUE)
    assert callbacks(app) == [(job_id, "no_feedback", FEEDBACK_DUE)]
    with app.app_context():
        from backend.models import Job
        assert db.session.get(Job, job_id).feedback_due_at is None


def test_queueing_silent_feedback_twice_queues_one_callback(app, make):
    completed_job(app, make)
    assert run(app, sweeps.queue_silent_feedback, FEEDBACK_DUE) == {"callbacks": 1}
    assert run(app, sweeps.queue_silent_feedback, FEEDBACK_DUE + SECOND) == {"callbacks": 0}
    assert len(callbacks(app)) == 1


def test_a_callback_already_there_is_kept_and_not_doubled(app, make):
    # As if an earlier run had crashed after the callback but before clearing the clock: the
    # unique (job, reason) lets the database, not Python, refuse the second one.
    job_id = completed_job(app, make)
    with app.app_context():
        owner = db.session.get(Job, job_id).customer_id
        db.session.add(Callback(job_id=job_id, customer_id=owner,
                                reason="no_feedback", due_at=FEEDBACK_DUE,
                                created_at=FEEDBACK_DUE))
        db.session.commit()
    assert run(app, sweeps.queue_silent_feedback, FEEDBACK_DUE + SECOND) == {"callbacks": 1}
    assert callbacks(app) == [(job_id, "no_feedback", FEEDBACK_DUE)]


def test_a_crash_between_claiming_and_queueing_loses_no_callback(app, make, monkeypatch):
    job_id = completed_job(app, make)

    def crash(*_args, **_kwargs):
        raise RuntimeError("the process died here")
    monkeypatch.setattr(followup_sweeps, "insert_made_from", crash)
    with pytest.raises(RuntimeError), app.app_context():
        sweeps.queue_silent_feedback(FEEDBACK_DUE)
    monkeypatch.undo()
    run(app, sweeps.queue_silent_feedback, FEEDBACK_DUE + SECOND)
    assert [c[:2] for c in callbacks(app)] == [(job_id, "no_feedback")]


def test_an_answered_request_puts_no_callback(app, make):
    put(app, make.customer(), make.point(), status="completed", respond_by=None,
        completed_at=COMPLETED, feedback_due_at=None)
    run(app, sweeps.queue_silent_feedback, FEEDBACK_DUE + timedelta(days=30))
    assert callbacks(app) == []


# --- warranty ----------------------------------------------------------------------------------

def test_no_warranty_notice_31_days_before_the_term_ends(app, make, sweep):
    unit = make.unit(make.customer(), purchased_on=date(2025, 8, 1))  # ends 2026-07-31
    assert unit.whole_unit_until == date(2026, 7, 31)
    sweep(sweeps.announce_warranty_expiry, local_midnight(date(2026, 7, 1)) - SECOND)
    assert notices(app, "warranty_expiring") == []


def test_a_warranty_notice_30_days_before_the_term_ends(app, make, sweep):
    owner = make.customer()
    unit = make.unit(owner, purchased_on=date(2025, 8, 1))
    sweep(sweeps.announce_warranty_expiry, local_midnight(date(2026, 7, 1)))
    assert notices(app, "warranty_expiring") == [(owner.id, "warranty_expiring", None, unit.id)]


def test_announcing_warranty_expiry_twice_announces_once(app, make):
    make.unit(make.customer(), purchased_on=date(2025, 8, 1))
    now = local_midnight(date(2026, 7, 1))
    assert run(app, sweeps.announce_warranty_expiry, now)["announced"] == 1
    assert run(app, sweeps.announce_warranty_expiry, now + SECOND)["announced"] == 0
    assert len(notices(app, "warranty_expiring")) == 1


def test_a_notice_already_sent_is_not_sent_again_even_if_the_unit_still_asks(app, make):
    owner = make.customer()
    unit = make.unit(owner, purchased_on=date(2025, 8, 1))
    now = local_midnight(date(2026, 7, 1))
    with app.app_context():
        notify(owner.id, "warranty_expiring", {"brand": unit.brand, "model": unit.model,
                                               "until": date(2026, 7, 31)}, now, unit_id=unit.id,
               dedupe_key=f"warranty_expiring:{unit.id}:2026-07-31")
        db.session.commit()
    run(app, sweeps.announce_warranty_expiry, now)
    assert len(notices(app, "warranty_expiring")) == 1
    with app.app_context():
        assert db.session.get(Unit, unit.id).warranty_notice_on is None


def test_the_database_refuses_a_second_notice_with_the_same_key(app, make):
    owner = make.customer()
    with app.app_context():
        for _ in range(2):
            notify(owner.id, "warranty_expiring",
                   {"brand": "Gree", "model": "KFR-35", "until": date(2026, 7, 31)}, T0,
                   dedupe_key="warranty:x")
        with pytest.raises(IntegrityError):
            db.session.commit()


def test_a_unit_registered_after_its_warranty_ended_gets_no_notice(app, make):
    make.unit(make.customer(), purchased_on=date(2020, 3, 1))
    assert run(app, sweeps.announce_warranty_expiry, T0) == {"announced": 0, "already_over": 1}
    assert notices(app, "warranty_expiring") == []



def test_the_warranty_notice_the_database_writes_is_the_one_notify_writes(app, make):
    # The notices are made by SQL from the units' rows: each must read exactly as
    # notifications.notice makes it, the day written as the API writes days.
    from backend.services.notifications import notice
    owner = make.customer()
    unit = make.unit(owner, purchased_on=date(2025, 8, 1))
    now = local_midnight(date(2026, 7, 1))
    expected = notice(owner.id, "warranty_expiring", {
        "brand": unit.brand, "model": unit.model, "until": date(2026, 7, 31)}, now,
        unit_id=unit.id, dedupe_key=f"warranty_expiring:{unit.id}:2026-07-31")
    run(app, sweeps.announce_warranty_expiry, now)
    with app.app_context():
        sent = db.session.scalar(select(Notification).where(Notification.unit_id == unit.id))
        assert {name: getattr(sent, name) for name in expected if name != "id"} == {
            name: value for name, value in expected.items() if name != "id"}

# --- seasonal cleaning -------------------------------------------------------------------------

OFFER_DAY = date(2026, 4, 1)


def test_no_cleaning_offer_the_day_before_the_configured_date(app, make, sweep):
    make.unit(make.customer(), purchased_on=date(2024, 5, 1), installed_on=date(2024, 5, 2))
    sweep(sweeps.offer_seasonal_cleaning, local_midnight(OFFER_DAY) - SECOND)
    assert notices(app, "seasonal_cleaning") == []


def test_owners_of_units_installed_over_a_year_ago_get_one_offer_per_unit(app, make, sweep):
    owner = make.customer()
    old = [make.unit(owner, purchased_on=date(2024, 5, 1), installed_on=date(2024, 5, 2)),
           make.unit(owner, purchased_on=date(2025, 3, 1), installed_on=date(2025, 3, 31)),
           # No install recorded (the owner registered it): in use since it was bought.
           make.unit(owner, purchased_on=date(2025, 3, 31))]
    make.unit(owner, purchased_on=date(2025, 3, 1), installed_on=date(2025, 4, 1))  # a year
    make.unit(owner, purchased_on=date(2025, 4, 1))  # bought a year before, no install
    sweep(sweeps.offer_seasonal_cleaning, local_midnight(OFFER_DAY))
    assert sorted(n[3] for n in notices(app, "seasonal_cleaning")) == sorted(u.id for u in old)


def test_offers_go_once_per_season_and_again_the_next_season(app, make):
    unit = make.unit(make.customer(), purchased_on=date(2024, 5, 1), installed_on=date(2024, 5, 2))
    now = local_midnight(OFFER_DAY)
    assert run(app, sweeps.offer_seasonal_cleaning, now) == {"offered": 1}
    assert run(app, sweeps.offer_seasonal_cleaning, now + timedelta(days=30)) == {"offered": 0}
    next_season = local_midnight(date(2027, 4, 1))
    assert run(app, sweeps.offer_seasonal_cleaning, next_season) == {"offered": 1}
    with app.app_context():
        keys = sorted(db.session.scalars(select(Notification.dedupe_key)))
    assert keys == [f"seasonal_cleaning:{unit.id}:2026", f"seasonal_cleaning:{unit.id}:2027"]


def test_a_large_base_is_offered_in_batches_over_several_runs(app, make):
    owner = make.customer()
    for _ in range(5):
        make.unit(owner, purchased_on=date(2024, 5, 1), installed_on=date(2024, 5, 2))
    now = local_midnight(OFFER_DAY)
    with app.app_context():
        counts = [sweeps.offer_seasonal_cleaning(now + i * SECOND, batch=2)["offered"]
                  for i in range(4)]
    assert counts == [2, 2, 1, 0]
    assert len(notices(app, "seasonal_cleaning")) == 5
