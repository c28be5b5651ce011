"""The dispatchers' follow-up desk: the calls they owe customers, and complaints to resolve.

Point dispatchers follow up their own point's jobs; network dispatchers and admins, all."""
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import joinedload

from backend.db import db
from backend.domain.errors import Conflict, Invalid, NotFound
from backend.i18n import N_
from backend.models import Call, Callback, Complaint, Job
from backend.models.touches import touch
from backend.services.job_queries import visible_to
from backend.services.timeline import record
from backend.services.unit_of_work import use_case


def _callback_visible_to(actor):
    """A point's dispatchers owe the calls about their point's jobs and the messages their
    own desk took; the calls about no job of a point (the yearly visit) are the network's."""
    visible = visible_to(actor)
    if visible is None or actor.role != "dispatcher":
        return visible
    return or_(visible, Call.service_point_id == actor.service_point_id)


def _page(query, count, actor, offset, limit, order_by):
    visible = visible_to(actor)
    if visible is not None:
        query, count = query.where(visible), count.where(visible)
    return (db.session.scalars(query.order_by(*order_by).offset(offset).limit(limit)).all(),
            db.session.scalar(count))


def open_callbacks(actor, now, offset, limit, due=None):
    """(page of open callbacks, total), the longest-waiting first. `due=True`: only those due
    by `now`; `due=False`: only those not due yet."""
    conditions = [Callback.done_at.is_(None)]
    if due is True:
        conditions.append(Callback.due_at <= now)
    elif due is False:
        conditions.append(Callback.due_at > now)
    visible = _callback_visible_to(actor)
    if visible is not None:
        conditions.append(visible)
    query = _with_job_and_call(select(Callback)).where(*conditions).options(
        joinedload(Callback.customer))
    count = _with_job_and_call(select(func.count(Callback.id))).where(*conditions)
    return (db.session.scalars(query.order_by(Callback.due_at, Callback.id)
                               .offset(offset).limit(limit)).all(),
            db.session.scalar(count))


def _with_job_and_call(query):
    return (query.outerjoin(Job, Job.id == Callback.job_id)
            .outerjoin(Call, Call.id == Callback.call_id))


@use_case
def record_callback(actor, callback_id, reached, satisfied, note, now):
    """Record how the call went, once; the job's timeline shows it."""
    query = _with_job_and_call(select(Callback)).where(Callback.id == callback_id)
    visible = _callback_visible_to(actor)
    callback = db.session.scalar(query if visible is None else query.where(visible))
    if callback is None:
        raise NotFound("no such callback")
    if satisfied is not None and not reached:
        raise Invalid("a customer not reached cannot have said whether they are satisfied",
                      {"satisfied": [N_("Only when reached.")]})
    # The WHERE clause decides between two dispatchers recording the same call at once.
    claimed = db.session.execute(
        update(Callback).where(Callback.id == callback.id, Callback.done_at.is_(None))
        .values(done_at=now, reached=reached, satisfied=satisfied, note=note,
                recorded_by_id=actor.id)).rowcount
    if not claimed:
        raise Conflict("this call is already recorded")
    touch(jobs=[callback.job_id], moments=[callback.created_at])
    outcome = ("not_reached" if not reached else "reached" if satisfied is None
               else "reached_satisfied" if satisfied else "reached_unsatisfied")
    if callback.job is not None:
        record(callback.job, "callback_recorded", actor, now, note=(
            "follow_up_call", {"reason": callback.reason, "outcome": outcome,
                               "note": note or ""}))
    return callback


def complaints(actor, offset, limit, status=None):
    """(page of complaints, total), oldest first: the one waiting longest comes first."""
    conditions = [Complaint.status == status] if status else []
    query = select(Complaint).join(Job, Job.id == Complaint.job_id).where(*conditions)
    count = select(func.count(Complaint.id)).join(Job, Job.id == Complaint.job_id).where(
        *conditions)
    return _page(query, count, actor, offset, limit, (Complaint.created_at, Complaint.id))


@use_case
def resolve_complaint(actor, complaint_id, resolution, now):
    complaint = _visible(actor, Complaint, complaint_id, "no such complaint")
    resolved = db.session.execute(
        update(Complaint).where(Complaint.id == complaint.id, Complaint.status == "open")
        .values(status="resolved", resolution=resolution, resolved_at=now,
                resolved_by_id=actor.id)).rowcount
    if not resolved:
        raise Conflict("this complaint is already resolved")
    touch(jobs=[complaint.job_id])
    return complaint


def _visible(actor, model, row_id, missing):
    query = select(model).join(Job, Job.id == model.job_id).where(model.id == row_id)
    visible = visible_to(actor)
    row = db.session.scalar(query if visible is None else query.where(visible))
    if row is None:
        raise NotFound(missing)
    return row
