"""Promise clocks, without a database."""
from datetime import datetime, timedelta, timezone

from backend.domain.promises import (PromisePolicy, Window, arrived_on_time, at_risk_due,
                                     eta_breaks_promise, promise_for)

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


def test_an_eta_past_the_promise_breaks_it():
    assert eta_breaks_promise(NOW + timedelta(hours=25), NOW + timedelta(hours=24))
    assert not eta_breaks_promise(NOW + timedelta(hours=24), NOW + timedelta(hours=24))
