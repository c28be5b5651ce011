"""Promise clocks, without a database."""
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from backend.domain.promises import (PromisePolicy, Window, arrived_on_time, at_risk_due,
                                     at_risk_due_with_eta, is_at_risk, past_promise,
                                     promise_for, running_clocks)

NOW = datetime(2026, 7, 1, 2, 0, tzinfo=timezone.utc)
POLICY = PromisePolicy()


def test_a_job_without_a_window_gets_the_default_clocks():
    promise = promise_for(NOW, POLICY)
    assert promise.respond_by == NOW + timedelta(minutes=30)
    assert promise.on_site_by == NOW + timedelta(hours=24)
    assert promise.target_on_site_by == NOW + timedelta(hours=6)
    assert promise.at_risk_due == NOW + timedelta(hours=18)


def test_the_policy_is_configurable():
    promise = promise_for(NOW, PromisePolicy(respond_minutes=10, on_site_hours=4,
                                             target_hours=2, at_risk_fraction=0.5))
    assert promise.respond_by == NOW + timedelta(minutes=10)
    assert promise.on_site_by == NOW + timedelta(hours=4)
    assert promise.target_on_site_by == NOW + timedelta(hours=2)
    assert promise.at_risk_due == NOW + timedelta(hours=2)


def test_a_window_replaces_the_promise_and_bounds_the_target():
    window = Window(NOW + timedelta(days=1), NOW + timedelta(days=1, hours=3))
    promise = promise_for(NOW, POLICY, window)
    assert promise.on_site_by == window.end
    assert promise.target_on_site_by == window.end  # 6 h after the start is past the end


def test_a_window_next_week_is_at_risk_only_late_in_the_window():
    window = Window(NOW + timedelta(days=7), NOW + timedelta(days=7, hours=4))
    assert promise_for(NOW, POLICY, window).at_risk_due == window.start + timedelta(hours=3)


def test_a_long_window_targets_six_hours_after_its_start():
    window = Window(NOW + timedelta(hours=2), NOW + timedelta(hours=12))
    assert promise_for(NOW, POLICY, window).target_on_site_by == NOW + timedelta(hours=8)


def test_at_risk_falls_due_at_the_configured_share_of_the_time():
    assert at_risk_due(NOW, NOW + timedelta(hours=8), POLICY) == NOW + timedelta(hours=6)


def test_on_time_means_by_the_promise_or_inside_the_window():
    promise = NOW + timedelta(hours=24)
    assert arrived_on_time(promise, promise)
    assert not arrived_on_time(promise + timedelta(seconds=1), promise)
    window = Window(NOW + timedelta(hours=2), NOW + timedelta(hours=4))
    assert arrived_on_time(window.start, window.end, window)
    assert not arrived_on_time(window.start - timedelta(minutes=1), window.end, window)
    assert not arrived_on_time(window.end + timedelta(minutes=1), window.end, window)


def test_a_promise_is_broken_only_once_its_minute_has_gone_by():
    assert past_promise(NOW + timedelta(hours=24, seconds=1), NOW + timedelta(hours=24))
    assert not past_promise(NOW + timedelta(hours=24), NOW + timedelta(hours=24))


def test_an_eta_past_the_promise_puts_the_job_at_risk_at_once():
    promise = promise_for(NOW, POLICY)
    late = promise.on_site_by + timedelta(minutes=1)
    assert at_risk_due_with_eta(promise.at_risk_due, late, promise.on_site_by, NOW) == NOW
    assert at_risk_due_with_eta(promise.at_risk_due, promise.on_site_by, promise.on_site_by,
                                NOW) == promise.at_risk_due


def test_a_flagged_job_shows_at_risk_only_until_a_technician_arrives():
    assert is_at_risk(NOW, "en_route")
    assert not is_at_risk(None, "en_route")
    assert not is_at_risk(NOW, "on_site")
    assert not is_at_risk(NOW, "cancelled")


def _job(status, **fields):
    promise = promise_for(NOW, POLICY)
    values = dict(status=status, respond_by=promise.respond_by, on_site_by=promise.on_site_by,
                  at_risk_due=promise.at_risk_due, at_risk_at=None, breached_at=None,
                  arrived_at=None, feedback_due_at=None)
    return SimpleNamespace(**{**values, **fields})


def test_an_assigned_job_runs_every_clock_before_the_visit():
    assert running_clocks(_job("assigned")) == {
        "respond": NOW + timedelta(minutes=30), "at_risk": NOW + timedelta(hours=18),
        "breach": NOW + timedelta(hours=24)}


@pytest.mark.parametrize("status", ["pending", "accepted", "en_route"])
def test_an_open_job_no_point_must_answer_runs_only_the_on_site_clocks(status):
    assert set(running_clocks(_job(status))) == {"at_risk", "breach"}


def test_each_on_site_clock_stops_once_it_has_run_out():
    assert set(running_clocks(_job("accepted", at_risk_at=NOW))) == {"breach"}
    assert set(running_clocks(_job("accepted", at_risk_at=NOW, breached_at=NOW))) == set()


def test_a_job_awaiting_its_revisit_kept_its_promise_at_the_first_arrival():
    assert running_clocks(_job("accepted", arrived_at=NOW)) == {}


@pytest.mark.parametrize("status", ["on_site", "cancelled"])
def test_a_job_on_site_or_cancelled_runs_no_promise_clock(status):
    assert running_clocks(_job(status)) == {}


def test_a_completed_job_waits_for_its_feedback_until_answered():
    due = NOW + timedelta(hours=48)
    assert running_clocks(_job("completed", feedback_due_at=due)) == {"feedback": due}
    assert running_clocks(_job("completed")) == {}
