"""The telephone standard, without a database: rings, the answer standard, hold bands."""
from datetime import datetime, timedelta, timezone

import pytest

from backend.domain.hotline import (CallStandard, Hold, answered_within_standard,
                                    call_problems, hold_band, judge_call, whole_rings)

RANG = datetime(2026, 7, 1, 2, 0, tzinfo=timezone.utc)
STANDARD = CallStandard()


def seconds(n):
    return RANG + timedelta(seconds=n)


@pytest.mark.parametrize("wait, rings", [(0, 0), (5.9, 0), (6, 1), (15, 2), (17.9, 2),
                                         (18, 3), (23.9, 3), (24, 4), (25, 4)])
def test_rings_are_counted_whole(wait, rings):
    assert whole_rings(RANG, seconds(wait), STANDARD) == rings


def test_the_ring_length_is_configurable():
    assert whole_rings(RANG, seconds(25), CallStandard(ring_seconds=5)) == 5


def test_answered_on_exactly_the_third_ring_meets_the_standard_and_the_fourth_does_not():
    assert answered_within_standard(3, STANDARD) is True
    assert answered_within_standard(4, STANDARD) is False


def test_the_rings_to_answer_within_are_configurable():
    assert answered_within_standard(3, CallStandard(answer_within_rings=2)) is False
    assert answered_within_standard(2, CallStandard(answer_within_rings=2)) is True


@pytest.mark.parametrize("longest, band", [(None, "none"), (0, "short"), (60, "short"),
                                           (60.5, "long"), (61, "long"), (180, "long"),
                                           (180.5, "very_long"), (181, "very_long")])
def test_hold_bands_have_their_bounds_inside(longest, band):
    assert hold_band(longest, STANDARD) == band


def test_the_band_is_that_of_the_longest_hold():
    holds = [Hold(seconds(30), seconds(50)), Hold(seconds(60), seconds(200)),
             Hold(seconds(210), seconds(215))]
    figures = judge_call(RANG, seconds(18), seconds(400), holds, STANDARD)
    assert (figures.rings, figures.answered_within_standard) == (3, True)
    assert (figures.longest_hold_seconds, figures.hold_band) == (140, "long")


def test_a_call_without_holds_is_in_the_band_none():
    figures = judge_call(RANG, seconds(5), seconds(100), [], STANDARD)
    assert (figures.longest_hold_seconds, figures.hold_band) == (0, "none")


def test_an_abandoned_call_counts_the_rings_the_caller_waited_and_misses_the_standard():
    figures = judge_call(RANG, None, seconds(12), [], STANDARD)
    assert (figures.rings, figures.answered_within_standard) == (2, False)


def test_a_call_nobody_answered_must_be_abandoned():
    assert call_problems(RANG, None, seconds(30), [], "message") == {
        "answered_at": ["A call nobody answered must have the outcome abandoned."]}
    assert call_problems(RANG, None, seconds(30), [], "abandoned") == {}


def test_an_answered_call_is_not_abandoned():
    assert "outcome" in call_problems(RANG, seconds(5), seconds(30), [], "abandoned")


def test_times_out_of_order_are_named():
    assert "answered_at" in call_problems(RANG, seconds(40), seconds(30), [], "advice")
    assert "ended_at" in call_problems(RANG, None, seconds(-1), [], "abandoned")
    assert "holds" in call_problems(RANG, seconds(5), seconds(30),
                                    [Hold(seconds(2), seconds(10))], "advice")
    assert "holds" in call_problems(RANG, seconds(5), seconds(30),
                                    [Hold(seconds(20), seconds(10))], "advice")
    assert "holds" in call_problems(RANG, seconds(5), seconds(30),
                                    [Hold(seconds(20), seconds(31))], "advice")
