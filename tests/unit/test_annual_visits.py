"""The year-round follow-up's slots, without a database."""
import uuid
from collections import Counter
from datetime import date

from backend.domain.annual_visits import first_slot, quiet_until, slot


def test_a_customer_falls_due_on_the_same_day_every_year():
    customer = str(uuid.UUID(int=42))
    days = {(slot(customer, year) - date(year, 1, 1)).days for year in (2025, 2026, 2027)}
    assert len(days) == 1


def test_slots_spread_evenly_over_the_year():
    # 12,000 customers: every month gets its share within 10 %, none is left empty.
    customers = [str(uuid.UUID(int=n * 7919)) for n in range(12_000)]
    months = Counter(slot(customer, 2027).month for customer in customers)
    assert len(months) == 12
    assert all(900 <= count <= 1100 for count in months.values()), months


def test_slots_fall_inside_their_year_also_in_a_leap_year():
    customers = [str(uuid.UUID(int=n)) for n in range(2000)]
    assert all(slot(customer, 2028).year == 2028 for customer in customers)


def test_a_new_owner_whose_slot_has_passed_this_year_is_called_next_year():
    customer = str(uuid.UUID(int=42))
    this_year = slot(customer, 2026)
    assert first_slot(customer, this_year) == this_year
    assert first_slot(customer, date.fromordinal(this_year.toordinal() + 1)) == \
        slot(customer, 2027)


def test_the_quiet_time_after_a_job_is_counted_in_days():
    assert quiet_until(date(2026, 7, 1), 30) == date(2026, 7, 31)
