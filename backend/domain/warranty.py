"""Warranty terms: which policy covers a unit, until when, and whether a part is covered.

The national standard for household air conditioners (GB three-guarantees rules): the whole
unit for 1 year, the main parts (compressor, fan motors, main control board) for 3 years."""
from dataclasses import dataclass
from datetime import date, timedelta

WHOLE_UNIT, MAIN_PARTS, EXPIRED, NONE = "whole_unit", "main_parts", "expired", "none"
# What a visit can be covered by.
BASES = (WHOLE_UNIT, MAIN_PARTS, NONE)


@dataclass(frozen=True)
class Policy:
    name: str
    whole_unit_months: int
    main_parts_months: int
    brand: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None

    def applies_to(self, purchased_on):
        return ((self.valid_from is None or self.valid_from <= purchased_on)
                and (self.valid_until is None or purchased_on <= self.valid_until))


NATIONAL_STANDARD = Policy("National standard", whole_unit_months=12, main_parts_months=36)


@dataclass(frozen=True)
class Terms:
    policy: str
    whole_unit_until: date
    main_parts_until: date

    def status_on(self, day):
        if day <= self.whole_unit_until:
            return WHOLE_UNIT
        if day <= self.main_parts_until:
            return MAIN_PARTS
        return EXPIRED

    def basis_on(self, day):
        """What a visit on `day` is covered by: `none` once both terms are over."""
        status = self.status_on(day)
        return NONE if status == EXPIRED else status

    def covers_part(self, main_part, day):
        """A whole-unit term covers every part; a main-parts term only main parts."""
        status = self.status_on(day)
        return status == WHOLE_UNIT or (status == MAIN_PARTS and main_part)


def coverage_on(terms, day):
    """(basis, covered) of a visit on `day` under the unit's `terms` (None: no unit known):
    the one rule for a job's warranty, at booking and again at completion. A visit is
    covered unless its basis is `none`."""
    basis = terms.basis_on(day) if terms else NONE
    return basis, basis != NONE


def choose_policy(brand_policies, purchased_on):
    """The brand's policy in force on the purchase date, else the national standard."""
    for policy in sorted(brand_policies, key=lambda p: p.valid_from or date.min, reverse=True):
        if policy.applies_to(purchased_on):
            return policy
    return NATIONAL_STANDARD


def terms_for(policy, starts_on):
    """Terms that start on `starts_on` and cover through the day before the anniversary."""
    return Terms(policy.name,
                 add_months(starts_on, policy.whole_unit_months) - timedelta(days=1),
                 add_months(starts_on, max(policy.main_parts_months, policy.whole_unit_months))
                 - timedelta(days=1))


def add_months(day, months):
    """`day` moved by whole months; the 31st or 29 February land on the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")
