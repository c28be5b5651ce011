"""Warranty terms and the per-part rule, without a database."""
from datetime import date

from backend.domain.warranty import (NATIONAL_STANDARD, Policy, Terms, add_months,
                                     choose_policy, coverage_on, terms_for)

GREE = Policy("Gree 6-year whole unit", 72, 72, "Gree", date(2005, 1, 1))
TERMS = Terms("National standard", whole_unit_until=date(2026, 12, 31),
              main_parts_until=date(2028, 12, 31))


def test_a_brand_without_a_policy_gets_the_national_standard():
    assert choose_policy([], date(2026, 1, 1)) is NATIONAL_STANDARD
    assert (NATIONAL_STANDARD.whole_unit_months, NATIONAL_STANDARD.main_parts_months) == (12, 36)


def test_the_brand_policy_applies_to_units_bought_from_its_start():
    assert choose_policy([GREE], date(2005, 1, 1)) is GREE
    assert choose_policy([GREE], date(2004, 12, 31)) is NATIONAL_STANDARD


def test_a_policy_that_ended_no_longer_applies_and_the_latest_wins():
    old = Policy("Old", 24, 48, "X", date(2000, 1, 1), date(2009, 12, 31))
    new = Policy("New", 36, 60, "X", date(2010, 1, 1))
    assert choose_policy([old, new], date(2009, 12, 31)) is old
    assert choose_policy([old, new], date(2010, 1, 1)) is new
    assert choose_policy([old], date(2010, 1, 1)) is NATIONAL_STANDARD


def test_terms_run_to_the_day_before_the_anniversary():
    terms = terms_for(NATIONAL_STANDARD, date(2026, 3, 15))
    assert terms == Terms("National standard", date(2027, 3, 14), date(2029, 3, 14))


def test_main_parts_never_end_before_the_whole_unit():
    short = Policy("Odd", whole_unit_months=24, main_parts_months=12)
    terms = terms_for(short, date(2026, 1, 1))
    assert terms.main_parts_until == terms.whole_unit_until == date(2027, 12, 31)


def test_status_moves_from_whole_unit_to_main_parts_to_expired():
    assert TERMS.status_on(date(2026, 12, 31)) == "whole_unit"
    assert TERMS.status_on(date(2027, 1, 1)) == "main_parts"
    assert TERMS.status_on(date(2028, 12, 31)) == "main_parts"
    assert TERMS.status_on(date(2029, 1, 1)) == "expired"


def test_basis_is_none_once_expired():
    assert TERMS.basis_on(date(2026, 6, 1)) == "whole_unit"
    assert TERMS.basis_on(date(2027, 6, 1)) == "main_parts"
    assert TERMS.basis_on(date(2029, 6, 1)) == "none"


def test_a_visit_is_covered_under_either_term_and_not_after_them_or_without_a_unit():
    assert coverage_on(TERMS, date(2026, 6, 1)) == ("whole_unit", True)
    assert coverage_on(TERMS, date(2027, 6, 1)) == ("main_parts", True)
    assert coverage_on(TERMS, date(2029, 6, 1)) == ("none", False)
    assert coverage_on(None, date(2026, 6, 1)) == ("none", False)


def test_a_whole_unit_term_covers_every_part():
    assert TERMS.covers_part(main_part=True, day=date(2026, 6, 1))
    assert TERMS.covers_part(main_part=False, day=date(2026, 6, 1))


def test_a_main_parts_term_covers_only_main_parts():
    assert TERMS.covers_part(main_part=True, day=date(2027, 6, 1))
    assert not TERMS.covers_part(main_part=False, day=date(2027, 6, 1))


def test_an_expired_warranty_covers_no_part():
    assert not TERMS.covers_part(main_part=True, day=date(2029, 1, 1))
    assert not TERMS.covers_part(main_part=False, day=date(2029, 1, 1))


def test_months_are_added_to_the_calendar():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2024, 2, 29), 48) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 5, 10), 72) == date(2032, 5, 10)
