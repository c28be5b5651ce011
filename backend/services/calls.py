"""The hotline's call log: calls taken and made, judged by the telephone standard, and the
messages they leave for a call back."""
from sqlalchemy import func, select

from backend.db import db
from backend.domain.errors import Invalid, NotFound
from backend.domain.hotline import Hold, call_problems, judge_call
from backend.domain.times import iso_utc
from backend.models import Call, Callback
from backend.services import job_queries, settings
from backend.services.customers import customer_by_phone, find_or_open_customer
from backend.services.unit_of_work import use_case


@use_case
def log_call(actor, call, now):
    """Log one call (a validated request) by `actor`; a message puts a callback in the queue,
    due when the caller was promised one."""
    holds = [Hold(hold["start"], hold["end"]) for hold in call["holds"]]
    problems = call_problems(call["rang_at"], call.get("answered_at"), call["ended_at"], holds,
                             call["outcome"])
    problems.update(_message_problems(call))
    if problems:
        raise Invalid("the call does not add up", problems)
    job = _job_of(actor, call.get("job_id"))
    message = call.get("message")
    customer = customer_by_phone(call["phone"]) or (job.customer if job else None)
    if customer is None and message:
        # A message is a promise to call back: the caller gets an account (without a
        # password, as a caller the hotline books for) so the call is owed to someone.
        customer = find_or_open_customer(call["phone"], call.get("caller_name"), now)
    figures = judge_call(call["rang_at"], call.get("answered_at"), call["ended_at"], holds,
                         settings.call_standard())
    row = Call(direction=call["direction"], phone=call["phone"],
               customer_id=customer.id if customer else None, agent_id=actor.id,
               service_point_id=actor.service_point_id, job_id=job.id if job else None,
               rang_at=call["rang_at"], answered_at=call.get("answered_at"),
               ended_at=call["ended_at"],
               holds=[{"start": iso_utc(h.start), "end": iso_utc(h.end)} for h in holds],
               rings=figures.rings, answered_within_standard=figures.answered_within_standard,
               longest_hold_seconds=figures.longest_hold_seconds, hold_band=figures.hold_band,
               transferred_to=call.get("transferred_to"), outcome=call["outcome"],
               note=call.get("note"), message=message["text"] if message else None,
               call_back_by=message["call_back_by"] if message else None, created_at=now)
    db.session.add(row)
    db.session.flush()
    if message:
        db.session.add(Callback(job_id=row.job_id, customer_id=customer.id, call_id=row.id,
                                reason="message", due_at=message["call_back_by"],
                                created_at=now, dedupe_key=f"message:{row.id}"))
    return row


def calls(actor, offset, limit, start=None, end=None, phone=None):
    """(page of the calls the actor may see, newest first, total); `start` inclusive, `end`
    exclusive. A point's dispatchers see their own desk's calls; the network's, all."""
    conditions = [] if actor.network_wide else [Call.service_point_id == actor.service_point_id]
    if start is not None:
        conditions.append(Call.rang_at >= start)
    if end is not None:
        conditions.append(Call.rang_at < end)
    if phone is not None:
        conditions.append(Call.phone == phone)
    total = db.session.scalar(select(func.count(Call.id)).where(*conditions))
    page = db.session.scalars(select(Call).where(*conditions).order_by(
        Call.rang_at.desc(), Call.id.desc()).offset(offset).limit(limit)).all()
    return page, total


def message_callback(call):
    return db.session.scalar(select(Callback).where(Callback.call_id == call.id))


def _message_problems(call):
    message = call.get("message")
    if call["outcome"] == "message" and not message:
        return {"message": ["A call whose outcome is message needs the message."]}
    if message and call["outcome"] != "message":
        return {"message": ["Only a call whose outcome is message leaves one."]}
    if message and message["call_back_by"] <= call["ended_at"]:
        return {"message": ["call_back_by must be after the call ended."]}
    return {}


def _job_of(actor, job_id):
    if not job_id:
        return None
    try:
        return job_queries.job_for(actor, job_id)
    except NotFound:
        raise Invalid("no such job", {"job_id": ["Unknown job."]}) from None
