"""The measurable indicators of DESIGN.md for a period, for the network or one service point.

The database counts (conditional aggregates, a handful of queries whatever the volume); only
the two timestamps of each span that feeds a median come back row by row, because a median
has no portable SQL aggregate (SQLite has none). The arithmetic is in backend.domain.indicators.
A job counts for the service point that holds it now."""
from sqlalchemy import and_, case, exists, func, or_, select

from backend.db import db
from backend.domain import indicators
from backend.domain.errors import Forbidden, Invalid
from backend.models import (Callback, Complaint, Feedback, Job, JobCourtesy, JobEvent,
                            Notification, ServicePoint)
from backend.services import settings

# A job taken from a point: by the respond-by sweep ("lapsed") or by a dispatcher.
REASSIGNMENT_EVENTS = ("lapsed", "reassigned")


def kpis(actor, date_from, date_to, service_point_id):
    """The indicators for local dates `date_from`..`date_to` (inclusive, network time zone),
    for `service_point_id` or, when None, the actor's whole scope."""
    point_id = _scope(actor, service_point_id)
    start, end = indicators.period_bounds(date_from, date_to, settings.network_tz())
    period = _Period(start, end)
    on_point = [] if point_id is None else [Job.service_point_id == point_id]

    counts = indicators.Counts(
        **_job_counts(period, on_point), courtesies=_courtesies(period, on_point),
        **_callbacks(period, on_point), reassignments=_reassignments(period, on_point))
    to_site = _spans(Job.created_at, Job.arrived_at, period, on_point)
    to_accept = _spans(Job.created_at, Job.accepted_at, period, on_point)
    return {"date_from": date_from, "date_to": date_to, "service_point_id": point_id,
            **indicators.summarize(counts, to_site, to_accept)}


def _scope(actor, service_point_id):
    """The point to measure (None: the network). A point dispatcher sees only their own point,
    and is not told whether another id exists."""
    if not actor.dispatches:
        raise Forbidden("indicators are for dispatchers and admins")
    if not actor.network_wide:
        if service_point_id not in (None, actor.service_point_id):
            raise Forbidden("a point dispatcher sees only their own point's indicators")
        return actor.service_point_id
    if service_point_id is not None and db.session.get(ServicePoint, service_point_id) is None:
        raise Invalid("no such service point", {"service_point_id": ["Unknown service point."]})
    return service_point_id


class _Period:
    def __init__(self, start, end):
        self.start, self.end = start, end

    def holds(self, column):
        return and_(column >= self.start, column < self.end)


def _count(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _job_counts(period, on_point):
    completed = period.holds(Job.completed_at)
    arrived = period.holds(Job.arrived_at)
    repair_completed = and_(completed, Job.service == "repair")
    # Late: the promise fell due in the period and nobody was there by then. Anchoring on the
    # promise counts each late job in exactly one period, whenever the technician came.
    late = and_(period.holds(Job.on_site_by),
                or_(Job.breached_at.is_not(None), Job.arrived_at > Job.on_site_by))
    told_running_late = exists().where(
        Notification.job_id == Job.id, Notification.user_id == Job.customer_id,
        Notification.kind == "running_late",
        Notification.created_at < Job.on_site_by).correlate(Job)
    warned = or_(Job.at_risk_at < Job.on_site_by, told_running_late)
    complained = exists().where(Complaint.job_id == Job.id).correlate(Job)

    query = select(
        _count(period.holds(Job.created_at)).label("booked"),
        _count(completed).label("completed"),
        _count(arrived).label("arrived"),
        _count(and_(arrived, Job.on_time.is_(True))).label("arrived_on_time"),
        _count(and_(arrived, Job.arrived_at <= Job.target_on_site_by)).label("arrived_by_target"),
        _count(period.holds(Job.breached_at)).label("breaches"),
        _count(late).label("late"),
        _count(and_(late, warned)).label("warned_before_late"),
        _count(and_(completed, Feedback.job_id.is_not(None))).label("with_feedback"),
        _count(and_(completed, Feedback.satisfied.is_(True))).label("satisfied"),
        _count(and_(completed, complained)).label("with_complaint"),
        _count(repair_completed).label("repairs_completed"),
        _count(and_(repair_completed, Job.fixed_first_visit.is_(True)))
        .label("repairs_fixed_first_visit"),
    ).select_from(Job).outerjoin(Feedback, Feedback.job_id == Job.id).where(
        # Every moment measured on a job comes after its booking, so later bookings can be
        # skipped by the (service point, created_at) index.
        Job.created_at < period.end, *on_point)
    return dict(db.session.execute(query).one()._mapping)


def _courtesies(period, on_point):
    return db.session.scalar(
        select(func.count(JobCourtesy.id)).join(Job, Job.id == JobCourtesy.job_id)
        .where(period.holds(Job.completed_at), *on_point))


def _callbacks(period, on_point):
    query = select(func.count(Callback.id).label("callbacks"),
                   _count(Callback.done_at.is_not(None)).label("callbacks_done")
                   ).where(period.holds(Callback.created_at))
    if on_point:
        query = query.join(Job, Job.id == Callback.job_id).where(*on_point)
    return dict(db.session.execute(query).one()._mapping)


def _reassignments(period, on_point):
    query = select(func.count(JobEvent.id)).where(
        JobEvent.event.in_(REASSIGNMENT_EVENTS), period.holds(JobEvent.at))
    if on_point:
        query = query.join(Job, Job.id == JobEvent.job_id).where(*on_point)
    return db.session.scalar(query)


def _spans(start_column, end_column, period, on_point):
    """(start, end) of every job whose `end_column` falls in the period."""
    return db.session.execute(select(start_column, end_column).where(
        period.holds(end_column), Job.created_at < period.end, *on_point)).all()
