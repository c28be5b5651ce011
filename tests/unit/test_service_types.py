"""The four types of service: a point is placed by its two scores against their thresholds."""
from backend.domain.service_types import Thresholds, mean_of_measured, place

DEFAULT = Thresholds()


def test_both_sides_exactly_at_the_threshold_is_quality():
    assert place(0.8, 0.8, 20, DEFAULT) == "quality"


def test_standardised_but_impersonal_is_procedural():
    assert place(0.8, 0.7999, 20, DEFAULT) == "procedural"


def test_personal_but_not_standardised_is_friendly():
    assert place(0.7999, 0.8, 20, DEFAULT) == "friendly"


def test_neither_side_is_cold():
    assert place(0.5, 0.5, 20, DEFAULT) == "cold"


def test_exactly_the_minimum_of_jobs_is_placed_and_one_fewer_is_not():
    assert place(0.9, 0.9, 20, DEFAULT) == "quality"
    assert place(0.9, 0.9, 19, DEFAULT) is None


def test_a_side_with_nothing_measured_is_not_placed():
    assert place(None, 0.9, 50, DEFAULT) is None


def test_thresholds_are_the_networks_own():
    assert place(0.7, 0.7, 5, Thresholds(standard=0.7, personal=0.75, min_jobs=5)) == "procedural"


def test_a_score_is_the_mean_of_the_measured_rates_only():
    assert mean_of_measured([1.0, None, 0.5]) == 0.75
    assert mean_of_measured([None]) is None
