"""The arithmetic of the measurable indicators: periods, rates and medians, without a database.

A rate is a share of what was measured; when nothing was measured it is None (null), never 0,
so that "no late jobs" is not mistaken for "every late customer left unwarned"."""
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from backend.domain.errors import Invalid
from backend.i18n import N_

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
                      {"from": [N_("Must not be after to (%(to)s).")]}, to=date_to.isoformat())
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
    return median([(end - start).total_seconds() / 60 for start, end in spans])


def median(numbers, decimals=MINUTES_DECIMALS):
    """The median of `numbers` rounded to `decimals`; None when there are none."""
    if not numbers:
        return None
    return round(statistics.median(numbers), decimals)


@dataclass(frozen=True)
class Counts:
    """What the database counts for one period and scope; each pair is a share's part and
    whole."""
    booked: int = 0
    completed: int = 0
    arrived: int = 0
    arrived_on_time: int = 0
    arrived_by_target: int = 0
    windowed: int = 0
    windowed_met: int = 0
    breaches: int = 0
    told_before_breach: int = 0
    late: int = 0
    warned_before_late: int = 0
    flagged: int = 0
    flagged_recovered: int = 0
    accepted_with_clock: int = 0
    accepted_in_time: int = 0
    with_feedback: int = 0
    satisfied: int = 0
    with_complaint: int = 0
    with_courtesy: int = 0
    courtesies: int = 0
    customer_confirmed: int = 0
    repairs_completed: int = 0
    repairs_fixed_first_visit: int = 0
    callbacks: int = 0
    callbacks_done: int = 0
    callbacks_on_time: int = 0
    messages: int = 0
    messages_on_time: int = 0
    reassignments: int = 0
    moved_unasked: int = 0
    complaints: int = 0
    complaints_resolved_in_time: int = 0
    notifications: int = 0
    notifications_delivered: int = 0
    calls: int = 0
    answered: int = 0
    answered_within_standard: int = 0
    abandoned: int = 0
    hold_none: int = 0
    hold_short: int = 0
    hold_long: int = 0
    hold_very_long: int = 0
    goodwill_confirmed: int = 0
    breaches_with_goodwill: int = 0


@dataclass(frozen=True)
class Medians:
    """The medians of a period, already taken: None where there was nothing to take."""
    minutes_to_site: float | None = None
    minutes_to_accept: float | None = None
    hours_to_resolve_complaint: float | None = None


COUNT, RATE, PER_JOB, MEDIAN, BANDS = "count", "rate", "per_job", "median", "bands"


@dataclass(frozen=True)
class Kpi:
    """One figure of the KPI report: the API's field, how it is worked out from the period's
    counts and medians, and what it means (the OpenAPI document says it in these words)."""
    name: str
    kind: str
    figure: Callable[[Counts, Medians], object]
    meaning: str


KPIS = (
    Kpi("jobs_booked", COUNT, lambda c, m: c.booked, "Jobs booked in the period."),
    Kpi("jobs_completed", COUNT, lambda c, m: c.completed, "Jobs completed in the period."),
    Kpi("on_time_rate", RATE, lambda c, m: rate(c.arrived_on_time, c.arrived),
        "Jobs first reached in the period that were reached on time."),
    Kpi("target_rate", RATE, lambda c, m: rate(c.arrived_by_target, c.arrived),
        "Jobs first reached in the period that were reached by the internal target."),
    Kpi("median_minutes_to_site", MEDIAN, lambda c, m: m.minutes_to_site,
        "Median minutes from booking to first arrival, of jobs first reached in the period, "
        "1 decimal."),
    Kpi("promise_breaches", COUNT, lambda c, m: c.breaches,
        "Jobs whose on-site promise was recorded as broken in the period."),
    Kpi("median_minutes_to_accept", MEDIAN, lambda c, m: m.minutes_to_accept,
        "Median minutes from booking to acceptance, of jobs accepted in the period, 1 decimal."),
    Kpi("warned_before_late_rate", RATE, lambda c, m: rate(c.warned_before_late, c.late),
        "Late jobs (promise due in the period and missed) whose customer was warned before "
        "the promise."),
    Kpi("satisfaction_rate", RATE, lambda c, m: rate(c.satisfied, c.with_feedback),
        "Satisfied answers among the feedback on jobs completed in the period."),
    Kpi("feedback_rate", RATE, lambda c, m: rate(c.with_feedback, c.completed),
        "Jobs completed in the period that have the customer's feedback."),
    Kpi("complaint_rate", RATE, lambda c, m: rate(c.with_complaint, c.completed),
        "Jobs completed in the period with at least one complaint."),
    Kpi("courtesies_per_job", PER_JOB, lambda c, m: rate(c.courtesies, c.completed),
        "Courtesies per job completed in the period, 4 decimals."),
    Kpi("first_visit_fix_rate", RATE,
        lambda c, m: rate(c.repairs_fixed_first_visit, c.repairs_completed),
        "Repairs completed in the period that were fixed on the first visit."),
    Kpi("callbacks_done_rate", RATE, lambda c, m: rate(c.callbacks_done, c.callbacks),
        "Callbacks queued in the period that have been made."),
    Kpi("reassignments", COUNT, lambda c, m: c.reassignments,
        "Jobs taken from a point in the period: lapsed or reassigned."),
    Kpi("calls", COUNT, lambda c, m: c.calls,
        "Hotline calls that rang in the period (answered or abandoned)."),
    Kpi("answered_within_three_rings_rate", RATE,
        lambda c, m: rate(c.answered_within_standard, c.answered),
        "Calls answered in the period that were answered within the ring standard (3 rings)."),
    Kpi("hold_bands", BANDS,
        lambda c, m: {"none": c.hold_none, "short": c.hold_short, "long": c.hold_long,
                      "very_long": c.hold_very_long},
        "Answered calls by their longest hold."),
    Kpi("abandoned_rate", RATE, lambda c, m: rate(c.abandoned, c.calls),
        "Calls in the period that the caller gave up before an answer."),
    Kpi("messages_returned_on_time_rate", RATE, lambda c, m: rate(c.messages_on_time, c.messages),
        "Messages the hotline took in the period that were returned (their `message` callback "
        "recorded) by the time the caller was promised."),
    Kpi("median_hours_to_resolve_complaint", MEDIAN, lambda c, m: m.hours_to_resolve_complaint,
        "Median hours from opening to resolution of the complaints resolved in the period, "
        "1 decimal."),
    Kpi("goodwill_confirmed", COUNT, lambda c, m: c.goodwill_confirmed,
        "Goodwill gestures dispatchers confirmed in the period."),
)


def summarize(counts, medians):
    """The KPI report's figures as the API shows them."""
    return {kpi.name: kpi.figure(counts, medians) for kpi in KPIS}


def standard_values(counts, medians):
    """{indicator name: value} for the seven standard areas (backend.domain.standards): the
    KPI report's figures, and the shares only the standards read."""
    c = counts
    kpis = summarize(counts, medians)
    return {
        **{name: kpis[name] for name in (
            "on_time_rate", "target_rate", "median_minutes_to_accept", "median_minutes_to_site",
            "answered_within_three_rings_rate", "first_visit_fix_rate", "courtesies_per_job",
            "warned_before_late_rate", "messages_returned_on_time_rate", "abandoned_rate",
            "feedback_rate", "satisfaction_rate", "complaint_rate", "callbacks_done_rate",
            "median_hours_to_resolve_complaint")},
        "breach_rate": rate(c.breaches, c.booked),
        "accepted_in_time_rate": rate(c.accepted_in_time, c.accepted_with_clock),
        "customer_confirmed_rate": rate(c.customer_confirmed, c.completed),
        # Of the jobs a point was given in the period, the share taken from it.
        "reassignment_rate": rate(c.reassignments, c.booked + c.reassignments),
        "preferred_window_met_rate": rate(c.windowed_met, c.windowed),
        "moved_unasked_rate": rate(c.moved_unasked, c.reassignments),
        "at_risk_recovered_rate": rate(c.flagged_recovered, c.flagged),
        "told_before_breach_rate": rate(c.told_before_breach, c.breaches),
        "notifications_delivered_rate": rate(c.notifications_delivered, c.notifications),
        "long_hold_rate": rate(c.hold_long + c.hold_very_long, c.answered),
        "callbacks_on_time_rate": rate(c.callbacks_on_time, c.callbacks_done),
        "complaints_resolved_in_time_rate": rate(c.complaints_resolved_in_time, c.complaints),
        "goodwill_after_failure_rate": rate(c.breaches_with_goodwill, c.breaches),
    }
