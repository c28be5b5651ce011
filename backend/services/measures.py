"""What the database counts for the reports: for a period, for the network, one service point,
or every point at once.

Each query is anchored on one moment (booked, reached, completed, accepted, promised, a
timeline event...) and reads only the rows whose moment falls in the period, through an index
on that moment: a month's report over years of history touches the month's rows, not the
history. A figure charged to a point is charged to the point that had the job when it happened:
a job's breach and its lapses to the point its timeline event names, the rest to the point that
holds the job (the one that reached, completed or accepted it)."""
from sqlalchemy import Float, and_, case, exists, func, literal, or_, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from backend.db import db
from backend.models import (Call, Callback, Complaint, Feedback, GoodwillGesture, Job,
                            JobCourtesy, JobEvent, Notification)
from backend.models.hotline import HOLD_BANDS
from backend.models.messages import told_running_late

# A job taken from a point: by the respond-by sweep ("lapsed") or by a dispatcher.
REASSIGNMENT_EVENTS = ("lapsed", "reassigned")


class Period:
    """[start, end) as aware instants, and the scope: one point, or None for the network."""

    def __init__(self, start, end, point_id=None, days=None):
        self.start, self.end, self.point_id = start, end, point_id
        # The local dates (first, last) the instants bound, when the period is whole days.
        self.days = days

    def holds(self, column):
        return and_(column >= self.start, column < self.end)


class minutes_between(FunctionElement):
    """end - start in minutes, as a float, on either database."""
    type = Float()
    inherit_cache = True


@compiles(minutes_between)
def _minutes_generic(element, compiler, **kw):
    start, end = list(element.clauses)
    return (f"(EXTRACT(EPOCH FROM ({compiler.process(end, **kw)} - "
            f"{compiler.process(start, **kw)})) / 60.0)")


@compiles(minutes_between, "sqlite")
def _minutes_sqlite(element, compiler, **kw):
    start, end = list(element.clauses)
    return (f"((julianday({compiler.process(end, **kw)}) - "
            f"julianday({compiler.process(start, **kw)})) * 1440.0)")


def _any(column, *where):
    """EXISTS over `column` alone: the database answers from an index holding it, where
    EXISTS (SELECT * ...) would read every matching row."""
    return select(column).where(*where).exists()


def without_jit():
    """PostgreSQL compiles a query it thinks costly (a month of a million jobs) before running
    it: half a second per query here, more than the query itself. The reports' queries are
    index range scans that gain nothing from it, so their transaction runs without."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL jit = off"))


def count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def tally(period, point_column, conditions, where, join=None, by_point=False):
    """{name: count of rows meeting condition} over the rows `where` selects, for the period's
    scope; with `by_point`, {point id: {name: count}} for every point that has any."""
    columns = [count_if(condition).label(name) for name, condition in conditions.items()]
    query = select(*columns)
    if join is not None:
        query = query.select_from(join)
    query = query.where(*where)
    if by_point:
        query = query.add_columns(point_column.label("point_id")).group_by(point_column)
        return {row.point_id: {name: row._mapping[name] for name in conditions}
                for row in db.session.execute(query)}
    if period.point_id is not None:
        query = query.where(point_column == period.point_id)
    return dict(db.session.execute(query).one()._mapping)


def values(period, value, moment, where=(), point_column=Job.service_point_id, join=None,
           by_point=False):
    """The `value` of every row whose `moment` falls in the period (for medians), in the
    period's scope, as floats; with `by_point`, {point id: [value, ...]}."""
    query = select(value)
    if join is not None:
        query = query.select_from(join)
    query = query.where(period.holds(moment), *where)
    if by_point:
        found = {}
        for number, point_id in db.session.execute(query.add_columns(point_column)):
            found.setdefault(point_id, []).append(number)
        return found
    if period.point_id is not None:
        query = query.where(point_column == period.point_id)
    return [row[0] for row in db.session.execute(query)]


def booked(period, by_point=False):
    return tally(period, Job.service_point_id, {"booked": literal(True)},
                 [period.holds(Job.created_at)], by_point=by_point)


def completed(period, by_point=False):
    repair = Job.service == "repair"
    complained = _any(Complaint.job_id, Complaint.job_id == Job.id)
    courteous = _any(JobCourtesy.job_id, JobCourtesy.job_id == Job.id)
    return tally(period, Job.service_point_id, {
        "completed": literal(True),
        "with_feedback": Feedback.job_id.is_not(None),
        "satisfied": Feedback.satisfied.is_(True),
        "with_complaint": complained,
        "with_courtesy": courteous,
        "customer_confirmed": Job.customer_confirmed.is_(True),
        "repairs_completed": repair,
        "repairs_fixed_first_visit": and_(repair, Job.fixed_first_visit.is_(True)),
    }, [period.holds(Job.completed_at)],
        join=Job.__table__.outerjoin(Feedback, Feedback.job_id == Job.id), by_point=by_point)


def courtesies(period, by_point=False):
    query = (select(func.count(JobCourtesy.id)).join(Job, Job.id == JobCourtesy.job_id)
             .where(period.holds(Job.completed_at)))
    if by_point:
        return {point_id: {"courtesies": count} for count, point_id in db.session.execute(
            query.add_columns(Job.service_point_id).group_by(Job.service_point_id))}
    if period.point_id is not None:
        query = query.where(Job.service_point_id == period.point_id)
    return db.session.scalar(query)


def reached(period, by_point=False):
    """Jobs first reached in the period: on time, by the target, inside a chosen window."""
    windowed = Job.window_start.is_not(None)
    return tally(period, Job.service_point_id, {
        "arrived": literal(True),
        "arrived_on_time": Job.on_time.is_(True),
        "arrived_by_target": Job.arrived_at <= Job.target_on_site_by,
        "windowed": windowed,
        "windowed_met": and_(windowed, Job.on_time.is_(True)),
    }, [period.holds(Job.arrived_at)], by_point=by_point)


def promised(period, by_point=False):
    """Jobs whose on-site promise fell due in the period: late ones, and who was told.
    Anchoring on the promise counts each late job in exactly one period, whenever the
    technician came."""
    late = or_(Job.breached_at.is_not(None), Job.arrived_at > Job.on_site_by)
    told = told_running_late(Job.id, before=Job.on_site_by).correlate(Job)
    flagged = Job.at_risk_at.is_not(None)
    return tally(period, Job.service_point_id, {
        "late": late,
        "warned_before_late": and_(late, or_(Job.at_risk_at < Job.on_site_by, told)),
        "flagged": flagged,
        "flagged_recovered": and_(flagged, Job.arrived_at <= Job.on_site_by),
    }, [period.holds(Job.on_site_by)], by_point=by_point)


def accepted(period, by_point=False):
    with_clock = Job.respond_by.is_not(None)
    return tally(period, Job.service_point_id, {
        "accepted_with_clock": with_clock,
        "accepted_in_time": and_(with_clock, Job.accepted_at <= Job.respond_by),
    }, [period.holds(Job.accepted_at)], by_point=by_point)


def timeline(period, by_point=False):
    """Breaches and reassignments, charged to the point the timeline event names: the one that
    had the job when it breached or was taken from it."""
    breached = JobEvent.event == "breached"
    moved = JobEvent.event.in_(REASSIGNMENT_EVENTS)
    told = or_(Job.at_risk_at < JobEvent.at, exists().where(
        Notification.job_id == Job.id, Notification.user_id == Job.customer_id,
        Notification.kind == "running_late",
        Notification.created_at < JobEvent.at).correlate(Job, JobEvent))
    # The customer asked first: a complaint about the job, or a call about it, before the move.
    asked = or_(
        _any(Complaint.job_id, Complaint.job_id == Job.id, Complaint.created_at < JobEvent.at),
        _any(Call.job_id, Call.job_id == Job.id, Call.direction == "inbound",
             Call.rang_at < JobEvent.at))
    made_good = _any(GoodwillGesture.job_id, GoodwillGesture.job_id == Job.id)
    return tally(period, JobEvent.service_point_id, {
        "breaches": breached,
        "told_before_breach": and_(breached, told),
        "breaches_with_goodwill": and_(breached, made_good),
        "reassignments": moved,
        "moved_unasked": and_(moved, ~asked),
    }, [JobEvent.event.in_(("breached", *REASSIGNMENT_EVENTS)), period.holds(JobEvent.at)],
        join=JobEvent.__table__.join(Job, Job.id == JobEvent.job_id), by_point=by_point)


def callbacks(period, on_time_hours, by_point=False):
    """Callbacks queued in the period: made, made within `on_time_hours` of falling due, and
    the hotline's messages returned by the time promised."""
    made_on_time = minutes_between(Callback.due_at, Callback.done_at) <= on_time_hours * 60
    message = Callback.reason == "message"
    conditions = {
        "callbacks": literal(True),
        "callbacks_done": Callback.done_at.is_not(None),
        "callbacks_on_time": made_on_time,
        "messages": message,
        "messages_on_time": and_(message, Callback.done_at <= Callback.due_at),
    }
    if period.point_id is None and not by_point:
        return tally(period, None, conditions, [period.holds(Callback.created_at)])
    # Outer: by point, a call about no job is charged to none (the None key).
    return tally(period, Job.service_point_id, conditions, [period.holds(Callback.created_at)],
                 join=Callback.__table__.outerjoin(Job, Job.id == Callback.job_id),
                 by_point=by_point)


def complaints(period, resolve_hours, by_point=False):
    """Complaints opened in the period, and those resolved within `resolve_hours`."""
    return tally(period, Job.service_point_id, {
        "complaints": literal(True),
        "complaints_resolved_in_time":
            minutes_between(Complaint.created_at, Complaint.resolved_at) <= resolve_hours * 60,
    }, [period.holds(Complaint.created_at)],
        join=Complaint.__table__.join(Job, Job.id == Complaint.job_id), by_point=by_point)


def hours_to_resolve(period):
    """Hours from opening to resolution of the complaints resolved in the period."""
    return [minutes / 60 for minutes in minutes_to_resolve(period)]


def minutes_to_resolve(period, by_point=False):
    return values(period, minutes_between(Complaint.created_at, Complaint.resolved_at),
                  Complaint.resolved_at, by_point=by_point,
                  join=Complaint.__table__.join(Job, Job.id == Complaint.job_id))


def notifications(period, by_point=False):
    """Messages written in the period, and those delivered (by now)."""
    conditions = {"notifications": literal(True),
                  "notifications_delivered": Notification.delivered_at.is_not(None)}
    if period.point_id is None and not by_point:
        return tally(period, None, conditions, [period.holds(Notification.created_at)])
    return tally(period, Job.service_point_id, conditions,
                 [period.holds(Notification.created_at)],
                 join=Notification.__table__.outerjoin(Job, Job.id == Notification.job_id),
                 by_point=by_point)


def minutes_to_site(period, by_point=False):
    return values(period, minutes_between(Job.created_at, Job.arrived_at), Job.arrived_at,
                  by_point=by_point)


def minutes_to_accept(period, by_point=False):
    return values(period, minutes_between(Job.created_at, Job.accepted_at), Job.accepted_at,
                  by_point=by_point)


def hotline(period, by_point=False):
    """Calls that rang in the period, for the network or the desk of one point (the agent's):
    answered within the ring standard, abandoned, and the answered ones by longest hold."""
    answered = Call.answered_at.is_not(None)
    return tally(period, Call.service_point_id, {
        "calls": literal(True),
        "answered": answered,
        "answered_within_standard": and_(answered, Call.answered_within_standard.is_(True)),
        "abandoned": Call.outcome == "abandoned",
        **{f"hold_{band}": and_(answered, Call.hold_band == band) for band in HOLD_BANDS},
    }, [period.holds(Call.rang_at)], by_point=by_point)


def goodwill(period, by_point=False):
    """Goodwill gestures confirmed in the period, charged to the point that had the job."""
    return tally(period, GoodwillGesture.service_point_id,
                 {"goodwill_confirmed": literal(True)}, [period.holds(GoodwillGesture.at)],
                 by_point=by_point)
