"""The promise clocks of a job: when a point must answer, when a technician must be on site."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from backend.domain.job_states import ASSIGNED, OPEN_STATUSES

# The clocks the sweeps watch, one per kind of promise a job can still break.
RESPOND, AT_RISK, BREACH, FEEDBACK = "respond", "at_risk", "breach", "feedback"
# What each clock is read from: a change to any of these may start or stop one.
CLOCK_FIELDS = ("status", "respond_by", "at_risk_due", "on_site_by", "at_risk_at",
                "breached_at", "arrived_at", "feedback_due_at")
# Nobody books a visit, or expects a technician, further ahead than this: a later time is a typo.
FURTHEST_AHEAD = timedelta(days=366)


def too_far_ahead(moment, now):
    return moment > now + FURTHEST_AHEAD


@dataclass(frozen=True)
class PromisePolicy:
    respond_minutes: int = 30
    on_site_hours: int = 24
    target_hours: int = 6
    at_risk_fraction: float = 0.75


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Promise:
    respond_by: datetime
    on_site_by: datetime
    target_on_site_by: datetime
    at_risk_due: datetime


def promise_for(now, policy, window=None):
    """The clocks of a job booked at `now`.

    A preferred window replaces the on-site promise with its end. The internal target stays
    `target_hours` after the visit can start (booking, or the window's start) and never later
    than the promise; the job is at risk once `at_risk_fraction` of that same stretch has
    gone (a visit booked for next week is not at risk this week)."""
    respond_by = now + timedelta(minutes=policy.respond_minutes)
    if window is None:
        on_site_by = now + timedelta(hours=policy.on_site_hours)
        starts = now
    else:
        on_site_by = window.end
        starts = max(now, window.start)
    target = min(on_site_by, starts + timedelta(hours=policy.target_hours))
    return Promise(respond_by, on_site_by, target, at_risk_due(starts, on_site_by, policy))


def at_risk_due(since, on_site_by, policy):
    """When the share `at_risk_fraction` of the time from `since` to the promise has gone."""
    return since + (on_site_by - since) * policy.at_risk_fraction


def respond_by_after(now, policy):
    return now + timedelta(minutes=policy.respond_minutes)


def arrived_on_time(arrived_at, on_site_by, window=None):
    """On time means by the promise; with a customer's window, inside the window."""
    if window is not None:
        return window.start <= arrived_at <= window.end
    return not past_promise(arrived_at, on_site_by)


def past_promise(moment, on_site_by):
    """Whether `moment` (an arrival, an ETA, the present) is past the on-site promise: only
    once its time has gone by, so arriving at the very minute keeps it. The comparison works
    on datetimes and on SQL columns alike, so the sweeps and the indicators share it."""
    return moment > on_site_by


def is_at_risk(at_risk_at, status):
    """Shown at risk: flagged (most of the time to the promise gone, or an ETA past it) and
    still waiting for a technician; arriving, or the job's end, ends it. `Job.at_risk` is
    this rule as SQL."""
    return at_risk_at is not None and status in OPEN_STATUSES


def at_risk_due_with_eta(at_risk_due, eta, on_site_by, now):
    """When the job falls at risk once a technician gives `eta`: at once if the ETA is past
    the promise, else when it would have anyway."""
    return min(at_risk_due, now) if past_promise(eta, on_site_by) else at_risk_due


def running_clocks(job):
    """The clocks still running for `job` in its present state, kind -> when it runs out.

    A point must answer while the job is assigned; the at-risk warning and the breach wait
    for the first arrival of an open job and run out once each; the satisfaction request
    waits for an answer. A job awaiting a revisit is open again, but its promise was kept at
    the first arrival."""
    clocks = {}
    if job.status == ASSIGNED and job.respond_by is not None:
        clocks[RESPOND] = job.respond_by
    if job.status in OPEN_STATUSES and job.arrived_at is None:
        if job.at_risk_at is None:
            clocks[AT_RISK] = job.at_risk_due
        if job.breached_at is None:
            clocks[BREACH] = job.on_site_by
    if job.feedback_due_at is not None:
        clocks[FEEDBACK] = job.feedback_due_at
    return clocks
