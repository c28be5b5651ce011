"""What a transaction's changes touch, written with them: the jobs (each of whose days may
count differently now) and the moments (a call, a callback or message about no job).

Rows the unit of work flushes are noticed by themselves (`_notice_flushed`), and so are rows
inserted in bulk through the session (`_notice_bulk_inserts`); a sweep's rows inserted from
arrays say so with `touch_inserted`. A statement that updates or
deletes rows in bulk says what it touched with `touch(jobs=..., moments=...)`. At commit the
touches go in as ReportTouch rows, in the same transaction: a change the reports have not
counted yet is always a touch away from being counted."""
from sqlalchemy import event, inspect, insert, select
from sqlalchemy.orm import Session

from backend.bulk import inserting
from backend.db import db
from backend.models.followup import Callback, Complaint, Feedback, GoodwillGesture
from backend.models.hotline import Call
from backend.models.jobs import Job, JobCourtesy, JobEvent
from backend.models.messages import Notification
from backend.models.reports import ReportTouch

_PENDING = "report_touches"
# The moments of a job the reports anchor on: when one of them moves, the day it left counts
# differently too.
JOB_MOMENTS = ("created_at", "on_site_by", "arrived_at", "completed_at", "accepted_at")
_ABOUT_A_JOB = (JobEvent, Feedback, Complaint, JobCourtesy, GoodwillGesture)
# A row of these about no job is counted on the day of its own moment.
_OWN_MOMENT = {Notification: "created_at", Callback: "created_at", Call: "rang_at"}
_TABLES = {model.__tablename__: model for model in (Job, *_ABOUT_A_JOB, *_OWN_MOMENT)}


def touch(jobs=(), moments=(), session=None):
    """Mark `jobs` (ids) and `moments` as changed by the current transaction."""
    pending_jobs, pending_moments = _pending(session or db.session())
    pending_jobs.update(job for job in jobs if job is not None)
    pending_moments.update(moment for moment in moments if moment is not None)


def touch_days_of_jobs(job_ids):
    """Touch the moments of `job_ids` as they are now: for jobs about to be deleted, whose
    days could not be found once they are gone."""
    for start in range(0, len(job_ids), 500):
        chunk = job_ids[start:start + 500]
        rows = db.session.execute(select(*(getattr(Job, name) for name in JOB_MOMENTS))
                                  .where(Job.id.in_(chunk)))
        touch(moments=[moment for row in rows for moment in row])
        touch(moments=moments_of_jobs(chunk))


def touch_before_delete(table, condition):
    """Touch the days of the rows of `table` that `condition` is about to delete."""
    if table.name == Job.__tablename__:
        touch_days_of_jobs(list(db.session.scalars(select(table.c.id).where(condition))))
    elif _TABLES.get(table.name) in _OWN_MOMENT:
        moment = table.c[_OWN_MOMENT[_TABLES[table.name]]]
        touch(moments=db.session.scalars(select(moment).where(condition)))


def moments_of_jobs(job_ids):
    """Every moment of the jobs' own rows a report anchors on (not the jobs' columns)."""
    queries = (
        select(JobEvent.at).where(JobEvent.job_id.in_(job_ids),
                                  JobEvent.event.in_(("breached", "lapsed", "reassigned"))),
        select(Notification.created_at).where(Notification.job_id.in_(job_ids)),
        select(Callback.created_at).where(Callback.job_id.in_(job_ids)),
        select(Complaint.created_at).where(Complaint.job_id.in_(job_ids)),
        select(Complaint.resolved_at).where(Complaint.job_id.in_(job_ids)),
        select(GoodwillGesture.at).where(GoodwillGesture.job_id.in_(job_ids)),
    )
    found = []
    for query in queries:
        found.extend(db.session.scalars(query))
    return found


def _pending(session):
    return session.info.setdefault(_PENDING, (set(), set()))


@event.listens_for(Session, "after_flush")
def _notice_flushed(session, _flush_context):
    jobs, moments = set(), set()
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, Job):
            jobs.add(row.id)
            state = inspect(row)
            for name in JOB_MOMENTS:
                moments.update(state.attrs[name].history.deleted or ())
                if row in session.deleted:
                    moments.add(getattr(row, name))
        elif isinstance(row, _ABOUT_A_JOB):
            jobs.add(row.job_id)
        elif type(row) in _OWN_MOMENT:
            jobs.add(row.job_id)
            moments.add(getattr(row, _OWN_MOMENT[type(row)]))
    if jobs or moments:
        touch(jobs, moments, session)


@event.listens_for(Session, "do_orm_execute")
def _notice_bulk_inserts(state):
    if not state.is_insert:
        return
    table = getattr(state.statement, "table", None)
    model = _TABLES.get(getattr(table, "name", None))
    if model is None:
        return
    rows = state.parameters
    if rows is None:
        rows = [state.statement.compile().params]
    elif isinstance(rows, dict):
        rows = [rows]
    touch_inserted(model, rows, state.session)


def touch_inserted(model, rows, session=None):
    """Mark what `rows` (dicts of values), inserted into `model`'s table, touch."""
    if _TABLES.get(model.__tablename__) is not model:
        return
    key = "id" if model is Job else "job_id"
    moment = _OWN_MOMENT.get(model)
    touch(jobs=[row.get(key) for row in rows],
          moments=[row.get(moment) for row in rows] if moment else (), session=session)


@event.listens_for(Session, "before_commit")
def _write_touches(session):
    if not session.info.get(_PENDING):
        return
    session.flush()
    jobs, moments = session.info.pop(_PENDING)
    rows = [{"job_id": job, "at": None} for job in sorted(jobs)]
    rows += [{"job_id": None, "at": moment} for moment in sorted(moments)]
    if not rows:
        return
    session.execute(*inserting(insert(ReportTouch.__table__), rows, session))


@event.listens_for(Session, "after_transaction_end")
def _forget_touches(session, transaction):
    # A rolled back transaction's touches go with it; a committed one's were written.
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
