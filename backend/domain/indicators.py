"""The arithmetic of the measurable indicators: periods, rates and medians, without a database.

A rate is a share of what was measured; when nothing was measured it is None (null), never 0,
so that "no late jobs" is not mistaken for "every late customer left unwarned"."""
import statistics
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from backend.domain.errors import Invalid

DEFAULT_DAYS = 30
RATE_DECIMALS = 4
MINUTES_DECIMALS = 1


def resolve_period(date_from, date_to, today, days=DEFAULT_DAYS):
    """The period asked for, with what is missing filled in: `to` defaults to today, `from` to
    the start of the `days` days ending on `to`."""
    date_to = date_to or today
    date_from = date_from or date_to - timedelta(days=days - 1)
    return date_from, date_to


def period_bounds(date_from, date_to, tz):
    """[start, end) as aware instants for the local dates `date_from`..`date_to` inclusive in
    `tz`: from the first day's midnight to the midnight after the last day."""
    if date_from > date_to:
        raise Invalid("the period ends before it starts",
                      {"from": [f"Must not be after to ({date_to.isoformat()})."]})
    start = datetime.combine(date_from, time.min, tzinfo=tz)
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def rate(part, whole):
    """part / whole rounded to 4 decimals; None when there was nothing to measure."""
    if not whole:
        return None
    return round(part / whole, RATE_DECIMALS)


def median_minutes(spans):
    """The median of (start, end) spans in minutes to 1 decimal; None for no spans."""
    minutes = [(end - start).total_seconds() / 60 for start, end in spans]
    if not minutes:
        return None
    return round(statistics.median(minutes), MINUTES_DECIMALS)


@dataclass(frozen=True)
class Counts:
    """What the database counts for one period and scope; each pair is a share's part and
    whole."""
    booked: int = 0
    completed: int = 0
    arrived: int = 0
    arrived_on_time: int = 0
    arrived_by_target: int = 0
    breaches: int = 0
    late: int = 0
    warned_before_late: int = 0
    with_feedback: int = 0
    satisfied: int = 0
    with_complaint: int = 0
    courtesies: int = 0
    repairs_completed: int = 0
    repairs_fixed_first_visit: int = 0
    callbacks: int = 0
    callbacks_done: int = 0
    reassignments: int = 0


def summarize(counts, to_site, to_accept):
    """The indicators as the API shows them. `to_site` and `to_accept` are (start, end)
    spans: booking to first arrival, booking to acceptance."""
    c = counts
    return {
        "jobs_booked": c.booked,
        "jobs_completed": c.completed,
        "on_time_rate": rate(c.arrived_on_time, c.arrived),
        "target_rate": rate(c.arrived_by_target, c.arrived),
        "median_minutes_to_site": median_minutes(to_site),
        "promise_breaches": c.breaches,
        "median_minutes_to_accept": median_minutes(to_accept),
        "warned_before_late_rate": rate(c.warned_before_late, c.late),
        "satisfaction_rate": rate(c.satisfied, c.with_feedback),
        "feedback_rate": rate(c.with_feedback, c.completed),
        "complaint_rate": rate(c.with_complaint, c.completed),
        "courtesies_per_job": rate(c.courtesies, c.completed),
        "first_visit_fix_rate": rate(c.repairs_fixed_first_visit, c.repairs_completed),
        "callbacks_done_rate": rate(c.callbacks_done, c.callbacks),
        "reassignments": c.reassignments,
    }
