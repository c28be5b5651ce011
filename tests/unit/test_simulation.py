"""The pure parts of a simulated day: demand, behaviour, the event queue, the parameters."""
import io
import random
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from backend.simulation import behaviour, demand
from backend.simulation.events import EventQueue
from backend.simulation.parameters import Parameters

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2027, 7, 14, 16, 0, tzinfo=timezone.utc)  # midnight in Shanghai
CITIES = [("Big", 31.2, 121.5, 900), ("Small", 30.0, 120.0, 100)]
SERVICES = Parameters().services()


def test_a_local_day_starts_and_ends_at_the_network_s_midnights():
    assert demand.day_bounds(date(2027, 7, 15), SHANGHAI) == (
        START, START + timedelta(days=1))


def test_bookings_follow_the_day_s_curve_with_a_morning_and_an_evening_peak():
    times = demand.booking_times(20000, START, random.Random(1))
    by_hour = [0] * 24
    for moment in times:
        by_hour[(moment - START) // timedelta(hours=1)] += 1

    assert times == sorted(times)
    assert by_hour[9] > 5 * by_hour[3] and by_hour[20] > 5 * by_hour[3]
    assert by_hour[20] > by_hour[12] < by_hour[9]


def test_cities_get_bookings_in_proportion_to_their_population():
    day = demand.plan_day(5000, START, CITIES, SERVICES, seed=3)
    big = sum(1 for booking in day if booking.city == "Big")

    assert 0.87 < big / len(day) < 0.93
    assert all(abs(b.lat - 31.2) < 0.5 for b in day if b.city == "Big")


def test_the_same_seed_plans_the_same_day_and_another_seed_another():
    first = demand.plan_day(200, START, CITIES, SERVICES, seed=7)

    assert first == demand.plan_day(200, START, CITIES, SERVICES, seed=7)
    assert first != demand.plan_day(200, START, CITIES, SERVICES, seed=8)


def test_services_come_in_their_shares():
    day = demand.plan_day(5000, START, CITIES, {"repair": 3, "install": 1}, seed=1)
    repairs = sum(1 for booking in day if booking.service == "repair")

    assert {b.service for b in day} == {"repair", "install"}
    assert 0.72 < repairs / len(day) < 0.78


def test_a_replay_file_plays_its_bookings_in_time_order():
    lines = io.StringIO("at, lat, lon, service, brand\n"
                        "2027-07-15T10:00:00+08:00, 31.23, 121.47, repair, Gree\n"
                        "2027-07-15T01:30:00Z, 39.9, 116.4, install, Midea\n")

    first, second = demand.read_replay(lines)

    assert first.at == datetime(2027, 7, 15, 1, 30, tzinfo=timezone.utc)
    assert (first.service, first.brand) == ("install", "Midea")
    assert second.at == datetime(2027, 7, 15, 2, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("body, fault", [
    ("when, lat, lon, service, brand\n", "header"),
    ("at, lat, lon, service, brand\n2027-07-15T10:00:00, 31, 121, repair, Gree\n", "line 2"),
    ("at, lat, lon, service, brand\n2027-07-15T10:00:00Z, 95, 121, repair, Gree\n", "line 2"),
    ("at, lat, lon, service, brand\n2027-07-15T10:00:00Z, 31, 121, polish, Gree\n", "polish"),
])
def test_a_replay_file_with_a_fault_is_refused_naming_it(body, fault):
    with pytest.raises(demand.ReplayError, match=fault):
        demand.read_replay(io.StringIO(body))


def test_travel_is_slow_in_the_city_and_faster_beyond():
    p = Parameters(city_km=10, city_speed_kmh=20, road_speed_kmh=40)

    assert behaviour.travel_time(5, p) == timedelta(minutes=15)
    assert behaviour.travel_time(30, p) == timedelta(minutes=30 + 30)


def test_a_late_trip_takes_longer_than_announced_and_is_sometimes_told():
    p = Parameters(p_late=1.0, p_late_told=0.5)
    trips = [behaviour.trip(random.Random(n), 8, p) for n in range(400)]

    assert all(t.late and t.actual > t.expected for t in trips)
    assert 150 < sum(t.told for t in trips) < 250


def test_a_customer_who_stays_silent_gives_no_answer():
    assert behaviour.answer(random.Random(1), Parameters(p_answer=0.0), False) is None


def test_customers_whose_technician_came_late_are_unhappy_more_often():
    p = Parameters(p_answer=1.0, p_unhappy=0.05, p_unhappy_when_late=0.5)
    unhappy = {late: sum(not behaviour.answer(random.Random(n), p, late).satisfied
                         for n in range(1000)) for late in (False, True)}

    assert unhappy[False] < 100 < 400 < unhappy[True]


def test_a_job_s_story_depends_only_on_the_seed_and_its_place_in_the_day():
    p = Parameters()
    assert behaviour.accept_delay(behaviour.job_rng(7, 12), p) == \
        behaviour.accept_delay(behaviour.job_rng(7, 12), p)
    assert behaviour.accept_delay(behaviour.job_rng(7, 12), p) != \
        behaviour.accept_delay(behaviour.job_rng(7, 13), p)


def test_events_come_in_time_order_and_at_the_same_instant_in_the_order_scheduled():
    queue = EventQueue()
    queue.schedule(START + timedelta(minutes=5), "late")
    queue.schedule(START, "first", 1)
    queue.schedule(START, "second", 2)

    assert queue.next_at() == START
    assert [queue.pop()[1] for _ in range(3)] == ["first", "second", "late"]
    assert queue.next_at() is None


def test_parameters_out_of_range_are_named():
    assert Parameters().check() == []
    assert Parameters(p_late=1.5, road_speed_kmh=-1).check() == ["road_speed_kmh", "p_late"]
    assert "p_answer = 0.65" in Parameters().lines()
