"""The arithmetic of the indicators, without a database."""
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from backend.domain.errors import Invalid
from backend.domain.indicators import (Counts, Medians, median, median_minutes, period_bounds, rate,
                                       resolve_period, standard_values, summarize)
from backend.domain.standards import INDICATOR_NAMES

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 7, 1, 2, 0, tzinfo=timezone.utc)


def spans(*minutes):
    return [(NOW, NOW + timedelta(minutes=m)) for m in minutes]


def test_a_rate_is_the_share_rounded_to_four_decimals():
    assert rate(2, 3) == 0.6667
    assert rate(1, 8) == 0.125
    assert rate(0, 5) == 0.0
    assert rate(5, 5) == 1.0


def test_a_rate_with_nothing_measured_is_null_not_zero():
    assert rate(0, 0) is None


def test_the_median_of_an_odd_count_is_the_middle_span():
    assert median_minutes(spans(30, 10, 20)) == 20.0


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert median_minutes(spans(60, 120, 480, 1500)) == 300.0


def test_a_median_is_in_minutes_to_one_decimal():
    assert median_minutes([(NOW, NOW + timedelta(seconds=100))]) == 1.7


def test_a_median_of_nothing_is_null():
    assert median_minutes([]) is None


def test_the_default_period_is_the_thirty_days_ending_today():
    assert resolve_period(None, None, date(2026, 7, 1)) == (date(2026, 6, 2), date(2026, 7, 1))


def test_with_only_to_the_period_is_the_thirty_days_ending_then():
    assert resolve_period(None, date(2026, 3, 31), date(2026, 7, 1)) == (
        date(2026, 3, 2), date(2026, 3, 31))


def test_with_only_from_the_period_runs_to_today():
    assert resolve_period(date(2026, 6, 20), None, date(2026, 7, 1)) == (
        date(2026, 6, 20), date(2026, 7, 1))


def test_a_period_runs_from_local_midnight_to_the_midnight_after_its_last_day():
    start, end = period_bounds(date(2026, 7, 1), date(2026, 7, 1), SHANGHAI)
    assert start == datetime(2026, 6, 30, 16, 0, tzinfo=timezone.utc)
    assert end == datetime(2026, 7, 1, 16, 0, tzinfo=timezone.utc)


def test_a_period_that_ends_before_it_starts_names_from():
    with pytest.raises(Invalid) as refused:
        period_bounds(date(2026, 7, 2), date(2026, 7, 1), SHANGHAI)
    assert list(refused.value.errors) == ["from"]


def test_an_empty_period_has_zero_counts_and_null_rates_and_medians():
    figures = summarize(Counts(), Medians())
    assert {k: v for k, v in figures.items() if v is not None} == {
        "jobs_booked": 0, "jobs_completed": 0, "promise_breaches": 0, "reassignments": 0,
        "calls": 0, "hold_bands": {"none": 0, "short": 0, "long": 0, "very_long": 0},
        "goodwill_confirmed": 0}
    assert len(figures) == 22


def test_each_rate_divides_by_what_it_measured():
    figures = summarize(Counts(
        booked=9, completed=4, arrived=5, arrived_on_time=4, arrived_by_target=2, breaches=1,
        late=2, warned_before_late=1, with_feedback=3, satisfied=2, with_complaint=1,
        courtesies=6, repairs_completed=3, repairs_fixed_first_visit=2, callbacks=4,
        callbacks_done=3, reassignments=2, calls=10, answered=8, answered_within_standard=6,
        abandoned=2, hold_none=5, hold_short=2, hold_long=1, messages=4, messages_on_time=3,
        goodwill_confirmed=1), Medians(20.0, 5.0, 26.5))
    assert figures == {
        "jobs_booked": 9, "jobs_completed": 4, "on_time_rate": 0.8, "target_rate": 0.4,
        "median_minutes_to_site": 20.0, "promise_breaches": 1, "median_minutes_to_accept": 5.0,
        "warned_before_late_rate": 0.5, "satisfaction_rate": 0.6667, "feedback_rate": 0.75,
        "complaint_rate": 0.25, "courtesies_per_job": 1.5, "first_visit_fix_rate": 0.6667,
        "callbacks_done_rate": 0.75, "reassignments": 2, "calls": 10,
        "answered_within_three_rings_rate": 0.75,
        "hold_bands": {"none": 5, "short": 2, "long": 1, "very_long": 0},
        "abandoned_rate": 0.2, "messages_returned_on_time_rate": 0.75,
        "median_hours_to_resolve_complaint": 26.5, "goodwill_confirmed": 1}


def test_satisfaction_without_any_feedback_is_null_even_with_jobs_completed():
    figures = summarize(Counts(completed=3), Medians())
    assert figures["satisfaction_rate"] is None
    assert figures["feedback_rate"] == 0.0 and figures["courtesies_per_job"] == 0.0


def test_a_median_of_numbers_rounds_to_the_decimals_asked_and_is_null_for_none():
    assert median([1.04, 2.0, 9.0], decimals=1) == 2.0
    assert median([1.25, 1.35]) == 1.3
    assert median([]) is None


def test_the_standards_take_their_shares_from_the_same_counts():
    values = standard_values(Counts(
        booked=8, reassignments=2, moved_unasked=1, breaches=2, told_before_breach=1,
        windowed=4, windowed_met=3, flagged=5, flagged_recovered=2, answered=10, hold_long=1,
        hold_very_long=1, breaches_with_goodwill=2), Medians())
    assert values["reassignment_rate"] == 0.2  # 2 of the 10 placements were taken away
    assert values["moved_unasked_rate"] == 0.5
    assert values["breach_rate"] == 0.25
    assert values["told_before_breach_rate"] == 0.5
    assert values["preferred_window_met_rate"] == 0.75
    assert values["at_risk_recovered_rate"] == 0.4
    assert values["long_hold_rate"] == 0.2
    assert values["goodwill_after_failure_rate"] == 1.0
    assert sorted(values) == sorted(INDICATOR_NAMES)
