"""What technicians and customers do, drawn from a job's own random generator.

Each job draws from a generator seeded by the run's seed and the job's place in the day, so
its story does not change when another job's does."""
import random
from dataclasses import dataclass
from datetime import timedelta


def job_rng(seed, index):
    return random.Random(f"{seed}/job/{index}")


def minutes(value):
    return timedelta(minutes=value)


def accept_delay(rng, p):
    return minutes(rng.expovariate(1 / p.accept_mean_minutes))


def depart_delay(rng, p):
    return minutes(rng.uniform(p.depart_min_minutes, p.depart_max_minutes))


def travel_time(km, p):
    """The usual time to cover `km` of road: city speed for the first `city_km`, road speed
    beyond."""
    city = min(km, p.city_km)
    return timedelta(hours=city / p.city_speed_kmh + (km - city) / p.road_speed_kmh)


@dataclass(frozen=True)
class Trip:
    expected: timedelta  # what the technician tells the customer on setting off
    actual: timedelta
    late: bool
    told: bool  # a late technician who says so (with a new ETA) before the first one passes


def trip(rng, km, p):
    expected = travel_time(km, p)
    if rng.random() >= p.p_late:
        return Trip(expected, expected, False, False)
    actual = expected * rng.uniform(p.late_factor_min, p.late_factor_max) + minutes(5)
    return Trip(expected, actual, True, rng.random() < p.p_late_told)


def work_time(rng, p):
    return minutes(rng.uniform(p.work_min_minutes, p.work_max_minutes))


def fixed_first_time(rng, p):
    return rng.random() >= p.p_not_fixed_first


@dataclass(frozen=True)
class Answer:
    after: timedelta
    satisfied: bool
    rating: int


def answer(rng, p, came_late):
    """The customer's answer to the satisfaction request, or None for silence."""
    if rng.random() >= p.p_answer:
        return None
    after = timedelta(hours=rng.expovariate(1 / p.answer_mean_hours))
    unhappy = rng.random() < (p.p_unhappy_when_late if came_late else p.p_unhappy)
    rating = rng.choice((1, 2)) if unhappy else rng.choice((4, 5, 5))
    return Answer(after, not unhappy, rating)
