"""What technicians and customers do, drawn from a job's own random generator.

Each job draws from a generator seeded by the run's seed and the job's place in the day, so
its story does not change when another job's does."""
import random
from dataclasses import dataclass
from datetime import timedelta


def job_rng(seed, index):
    return random.Random(f"{seed}/job/{index}")


def call_rng(seed, index):
    """The hotline's draws for a booking: apart from the job's, so that phoning instead of
    using the app changes nothing else of its story."""
    return random.Random(f"{seed}/call/{index}")


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


@dataclass(frozen=True)
class PhoneCall:
    """A customer's call to the hotline, as offsets from its first ring."""
    answered_after: timedelta | None  # None: the caller hung up first
    ended_after: timedelta
    holds: tuple  # (start, end) offsets
    message: bool  # the desk was busy and took a message


def phones_in(rng, p):
    return rng.random() < p.p_hotline


def phone_call(rng, p):
    def seconds(mean):
        return timedelta(seconds=rng.expovariate(1 / mean))

    answer = seconds(p.hotline_answer_mean_seconds)
    patience = seconds(p.hotline_patience_mean_seconds)
    if patience < answer:
        return PhoneCall(None, patience, (), False)
    talk = minutes(rng.uniform(p.talk_min_minutes, p.talk_max_minutes))
    holds = ()
    if rng.random() < p.p_hold:
        hold_start = answer + talk / 2
        holds = ((hold_start, hold_start + seconds(p.hold_mean_seconds)),)
        talk += holds[0][1] - hold_start
    return PhoneCall(answer, answer + talk, holds, rng.random() < p.p_message)


def desk_call(rng, p):
    """(reached, satisfied) of a follow-up call the desk makes."""
    reached = rng.random() < p.p_desk_reaches
    return reached, (rng.random() < p.p_desk_soothes) if reached else None
