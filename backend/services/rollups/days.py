"""Computing the days: a day's rollups are counted from the tables by the very queries of
backend.services.measures, for one local day and grouped by point, and written in place of
what the day had.

`refresh` computes the days pending touches fall on and the days asked for that were never
computed (or were, under another time zone or other settings); `rebuild` computes every day
that has anything. One refresh runs at a time (PostgreSQL: an advisory lock; SQLite has one
writer anyway), and a touch is deleted only once the day it names was computed after it was
committed, so a change made while a refresh runs is left for the next one."""
from sqlalchemy import delete, func, insert, select, text

from backend.db import db
from backend.domain import indicators, rollups
from backend.models import (Call, Callback, Job, Notification, ReportDay, ReportRollup,
                            ReportTouch)
from backend.models.reports import ALL_POINTS, COUNTS, NO_POINT
from backend.services import measures, settings
from backend.models.touches import JOB_MOMENTS, moments_of_jobs
from backend.services.unit_of_work import unit_of_work

# Any number: the key of the advisory lock that keeps two refreshes from writing one day.
_LOCK_KEY = 7_317_001
_CHUNK = 500


def current_basis():
    return rollups.basis(settings.setting("NETWORK_TZ"),
                         settings.setting("CALLBACK_ON_TIME_HOURS"),
                         settings.setting("COMPLAINT_RESOLVE_HOURS"))


def refresh(first=None, last=None):
    """Bring the rollups up to date with every committed change, and make sure every day from
    `first` to `last` (local dates, if given) is computed. Returns the days computed."""
    with unit_of_work():
        _one_at_a_time()
        touches = db.session.execute(select(ReportTouch.id, ReportTouch.job_id,
                                            ReportTouch.at)).all()
        tz = settings.network_tz()
        due = _days_touched(touches, tz)
        basis = current_basis()
        if first is not None:
            due |= _not_computed(first, last, basis)
        for day in sorted(due):
            compute_day(day, basis, tz)
        done = [touch.id for touch in touches]
        for start in range(0, len(done), _CHUNK):
            db.session.execute(delete(ReportTouch).where(
                ReportTouch.id.in_(done[start:start + _CHUNK])))
    return sorted(due)


def rebuild(progress=None):
    """Compute again every day from the first moment anything happened to the last; the days
    computed. `progress(done, total)` is told after each day."""
    with unit_of_work():
        _one_at_a_time()
        touches = db.session.scalars(select(ReportTouch.id)).all()
        first, last = _span_of_history()
        db.session.execute(delete(ReportRollup))
        db.session.execute(delete(ReportDay))
        days = [] if first is None else rollups.days_between(first, last)
        basis, tz = current_basis(), settings.network_tz()
        for done, day in enumerate(days, start=1):
            compute_day(day, basis, tz)
            if progress is not None:
                progress(done, len(days))
        for start in range(0, len(touches), _CHUNK):
            db.session.execute(delete(ReportTouch).where(
                ReportTouch.id.in_(touches[start:start + _CHUNK])))
    return days


def compute_day(day, basis, tz):
    """Count one local day from the tables and put its rows in place of the day's old ones."""
    start, end = indicators.period_bounds(day, day, tz)
    period = measures.Period(start, end)
    counts = [part(period, by_point=True) for part in (
        measures.booked, measures.completed, measures.reached, measures.promised,
        measures.accepted, measures.timeline, measures.hotline, measures.goodwill,
        measures.courtesies, measures.notifications)]
    counts.append(measures.callbacks(period, settings.setting("CALLBACK_ON_TIME_HOURS"),
                                     by_point=True))
    counts.append(measures.complaints(period, settings.setting("COMPLAINT_RESOLVE_HOURS"),
                                      by_point=True))
    spans = {"minutes_to_site": measures.minutes_to_site(period, by_point=True),
             "minutes_to_accept": measures.minutes_to_accept(period, by_point=True),
             "minutes_to_resolve_complaint": measures.minutes_to_resolve(period, by_point=True)}
    rows = rollups.gather(NO_POINT, ALL_POINTS, counts, spans)
    db.session.execute(delete(ReportRollup).where(ReportRollup.day == day))
    db.session.execute(delete(ReportDay).where(ReportDay.day == day))
    if rows:
        columns = [c.name for c in ReportRollup.__table__.columns]
        db.session.execute(insert(ReportRollup.__table__), [
            {**dict.fromkeys(columns), **dict.fromkeys(COUNTS, 0),
             **found, "day": day, "point_id": point_id} for point_id, found in rows.items()])
    db.session.execute(insert(ReportDay.__table__), [{"day": day, "basis": basis}])


def _one_at_a_time():
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        measures.without_jit()


def _days_touched(touches, tz):
    moments = [touch.at for touch in touches if touch.at is not None]
    jobs = sorted({touch.job_id for touch in touches if touch.job_id is not None})
    for start in range(0, len(jobs), _CHUNK):
        chunk = jobs[start:start + _CHUNK]
        for row in db.session.execute(select(*(getattr(Job, name) for name in JOB_MOMENTS))
                                      .where(Job.id.in_(chunk))):
            moments.extend(row)
        moments.extend(moments_of_jobs(chunk))
    return rollups.local_days(moments, tz)


def _not_computed(first, last, basis):
    """The days from `first` to `last` not computed under `basis`, leaving out the days
    before anything happened (a report over years of nothing computes no empty days)."""
    computed = set(db.session.scalars(select(ReportDay.day).where(
        ReportDay.day >= first, ReportDay.day <= last, ReportDay.basis == basis)))
    missing = [day for day in rollups.days_between(first, last) if day not in computed]
    if not missing:
        return set()
    earliest, _ = _span_of_history()
    if earliest is None:
        return set()
    return {day for day in missing if day >= earliest}


def _span_of_history():
    """The first and last local day on which any moment a report anchors on falls, or (None,
    None) for an empty database."""
    firsts, lasts = [], []
    for column in (Job.created_at, Call.rang_at, Callback.created_at, Notification.created_at):
        first, last = db.session.execute(select(func.min(column), func.max(column))).one()
        firsts.append(first)
        lasts.append(last)
    # Promises fall due, complaints are resolved and gestures made after the booking.
    lasts.append(db.session.scalar(select(func.max(Job.on_site_by))))
    firsts, lasts = [m for m in firsts if m], [m for m in lasts if m]
    if not firsts:
        return None, None
    tz = settings.network_tz()
    return (min(rollups.local_days(firsts, tz)),
            max(rollups.local_days(lasts, tz) | {max(rollups.local_days(firsts, tz))}))

