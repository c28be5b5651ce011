"""The arithmetic of the reports' daily rollups."""
import random
import statistics
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from backend.domain.rollups import (basis, days_between, gather, local_days, median_of_packed,
                                  pack, unpack)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_a_moment_counts_on_its_local_day_not_its_utc_one():
    # 16:00 UTC is midnight in Shanghai: the next local day begins exactly there.
    moments = [datetime(2026, 6, 30, 15, 59, 59, tzinfo=timezone.utc),
               datetime(2026, 6, 30, 16, 0, tzinfo=timezone.utc), None]
    assert local_days(moments, SHANGHAI) == {date(2026, 6, 30), date(2026, 7, 1)}


def test_the_days_between_include_both_ends():
    assert days_between(date(2026, 6, 29), date(2026, 7, 1)) == [
        date(2026, 6, 29), date(2026, 6, 30), date(2026, 7, 1)]
    assert days_between(date(2026, 7, 1), date(2026, 7, 1)) == [date(2026, 7, 1)]


def test_spans_come_back_as_the_very_doubles_they_were():
    spans = [0.1 + 0.2, 1 / 3, 1e-12, 12345.678901234]
    assert list(unpack(pack(spans))) == spans
    assert pack([]) is None and list(unpack(None)) == []


def test_a_day_gathers_each_points_counts_and_spans_with_no_point_under_its_own_key():
    rows = gather("", "*", [{"p1": {"booked": 2}, None: {"booked": 1}}, {"p1": {"completed": 1}}],
                  {"minutes_to_site": {"p1": [30.5], None: [2.0]}, "minutes_to_accept": {}})
    assert set(rows) == {"p1", "", "*"}
    assert sorted(unpack(rows["*"]["minutes_to_site"])) == [2.0, 30.5]
    assert set(rows["*"]) == {"minutes_to_site"}
    assert rows[""]["booked"] == 1
    assert rows["p1"]["booked"] == 2 and rows["p1"]["completed"] == 1
    assert list(unpack(rows["p1"]["minutes_to_site"])) == [30.5]


def test_a_day_computed_under_other_settings_has_another_basis():
    assert basis("Asia/Shanghai", 24, 72) != basis("Asia/Shanghai", 24, 48)
    assert basis("Asia/Shanghai", 24, 72) != basis("Asia/Urumqi", 24, 72)


@pytest.mark.parametrize("count", [1, 2, 7, 1000, 1001])
def test_the_median_of_packed_spans_is_the_one_statistics_takes_of_the_same_floats(count):
    rng = random.Random(count)
    days = [[rng.uniform(0, 2000) for _ in range(rng.randrange(count + 1))] for _ in range(3)]
    days.append([rng.uniform(0, 2000) for _ in range(count)])
    every = [span for day in days for span in day]
    packed = [pack(day) for day in days]
    assert median_of_packed(packed, 1) == round(statistics.median(every), 1)
    assert median_of_packed(packed, 1, divisor=60) == round(
        statistics.median([span / 60 for span in every]), 1)


def test_no_spans_have_no_median():
    assert median_of_packed([None, pack([])], 1) is None
