"""The seven standard areas: indicators meet targets at their boundaries, areas score the share
that met, and a network's own targets replace the defaults."""
import pytest

from backend.domain.standards import (AREA_NAMES, AT_LEAST, AT_MOST, INDICATOR_NAMES, assess,
                                      met, score, targets)


def test_the_areas_come_in_the_order_of_the_standard():
    assert AREA_NAMES == ("timeliness", "process", "adaptability", "anticipation",
                          "communication", "feedback", "supervision")


def test_a_rate_exactly_at_its_floor_meets_it_and_one_below_does_not():
    assert met(0.95, 0.95, AT_LEAST) is True
    assert met(0.9499, 0.95, AT_LEAST) is False


def test_a_median_exactly_at_its_ceiling_meets_it_and_one_above_does_not():
    assert met(30.0, 30, AT_MOST) is True
    assert met(30.1, 30, AT_MOST) is False


def test_an_indicator_with_nothing_measured_has_no_verdict():
    assert met(None, 0.95, AT_LEAST) is None


def test_an_area_scores_the_share_of_measured_indicators_that_met_their_target():
    assert score([True, False, None, True]) == 0.6667


def test_an_area_with_nothing_measured_has_no_score_rather_than_zero():
    assert score([None, None]) is None


def test_the_report_places_every_indicator_in_one_area_with_its_target_and_verdict():
    values = {name: None for name in INDICATOR_NAMES}
    values.update(on_time_rate=0.95, target_rate=0.5, median_minutes_to_accept=45.0)
    report = assess(values, targets())
    assert [area["area"] for area in report] == list(AREA_NAMES)
    timeliness = {row["name"]: row for row in report[0]["indicators"]}
    assert timeliness["on_time_rate"] == {"name": "on_time_rate", "value": 0.95,
                                          "target": 0.95, "direction": AT_LEAST, "met": True}
    assert timeliness["target_rate"]["met"] is False
    assert timeliness["median_minutes_to_accept"]["met"] is False
    assert report[0]["score"] == 0.3333
    assert all(area["score"] is None for area in report[1:])
    named = [row["name"] for area in report for row in area["indicators"]]
    assert sorted(named) == sorted(INDICATOR_NAMES) and len(set(named)) == len(named)


def test_a_network_sets_its_own_targets_over_the_defaults():
    mine = targets({"on_time_rate": 0.9})
    assert mine["on_time_rate"] == 0.9
    assert mine["satisfaction_rate"] == 0.95


def test_a_target_for_an_indicator_that_does_not_exist_is_refused():
    with pytest.raises(ValueError, match="unknown standard indicators: on_tme_rate"):
        targets({"on_tme_rate": 0.9})


def test_a_target_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError, match="not numbers: on_time_rate"):
        targets({"on_time_rate": "high"})
