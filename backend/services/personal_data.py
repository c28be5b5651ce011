"""A customer's own data: all of it at once (the personal-information law's right of access),
and erased (its right of erasure).

Erasure keeps the rows and empties what identifies the person: their name, phone, the
addresses of their jobs (and the locations, down to about a kilometre), and the texts they
wrote (descriptions, feedback comments, complaints, what they told the hotline, the notes of
their own steps on a timeline). The jobs themselves stay, anonymised, so that every figure
of the reports still counts them."""
from sqlalchemy import and_, delete, or_, select

from backend.db import db
from backend.domain.errors import Conflict, Forbidden
from backend.domain.job_states import ON_SITE, OPEN_STATUSES
from backend.models import (AnnualVisit, Call, Complaint, Feedback, IdempotencyKey, Job,
                            JobEvent, LoginGuard, Notification, PhoneCode, Unit)
from backend.models.touches import touch_before_delete
from backend.services import accounts
from backend.services.unit_of_work import use_case

# What an erased text or name reads; the phone must stay unique, so it names the row.
ERASED = "(erased)"
# Two decimals of a degree: about a kilometre, the district, not the door.
COARSE_DEGREES = 2


def everything_about(user_id):
    """What the system holds about a person, as the export lists it (rows, not views)."""
    user = accounts.get_user(user_id)
    jobs = db.session.scalars(select(Job).where(Job.customer_id == user_id)
                              .order_by(Job.created_at, Job.id)).all()
    return {
        "account": user,
        "units": _all(select(Unit).where(Unit.owner_id == user_id).order_by(Unit.created_at)),
        "jobs": jobs,
        "feedback": _all(select(Feedback).join(Job).where(Job.customer_id == user_id)
                         .order_by(Feedback.created_at)),
        "complaints": _all(select(Complaint).where(Complaint.customer_id == user_id)
                           .order_by(Complaint.created_at)),
        "notifications": _all(select(Notification).where(Notification.user_id == user_id)
                              .order_by(Notification.created_at, Notification.id)),
        "calls": _all(select(Call).where(Call.customer_id == user_id).order_by(Call.rang_at)),
    }


def _all(query):
    return db.session.scalars(query).all()


@use_case
def erase_customer(user_id, now):
    """Erase a customer's personal data (see the module's note); every token they hold stops
    working and the account cannot sign in again. Not while a job of theirs is under way: a
    technician on the way needs the address."""
    user = accounts.get_user(user_id)
    if user.role != "customer":
        raise Forbidden("only customers erase their own accounts; staff are let go by an admin")
    if db.session.scalar(select(Job.id).where(
            Job.customer_id == user_id, Job.status.in_((*OPEN_STATUSES, ON_SITE))).limit(1)):
        raise Conflict("a job of yours is still under way: cancel it, or erase your account "
                       "once it is done")
    phone = user.phone
    user.name, user.phone = ERASED, erased_phone(user)
    user.password_hash, user.active = None, False
    accounts.sign_out_everywhere(user)
    jobs = db.session.scalars(select(Job).where(Job.customer_id == user_id)).all()
    for job in jobs:
        job.address, job.description = ERASED, ERASED
        job.lat, job.lon = round(job.lat, COARSE_DEGREES), round(job.lon, COARSE_DEGREES)
    job_ids = [job.id for job in jobs]
    _erase_texts(Feedback, Feedback.comment, Feedback.job_id.in_(job_ids))
    _erase_texts(Complaint, Complaint.text, Complaint.customer_id == user_id)
    _erase_texts(JobEvent, JobEvent.note, JobEvent.actor_id == user_id)
    calls = or_(Call.customer_id == user_id, Call.phone == phone)
    _erase_texts(Call, Call.message, calls)
    _erase_texts(Call, Call.note, calls)
    db.session.execute(Call.__table__.update().where(calls).values(phone=user.phone))
    # Messages not yet sent would go to a phone that is no longer theirs; stored answers
    # (idempotency keys) repeat their name and address; the rest was kept for the phone.
    # (The reports count the messages written on each day: theirs are to be counted again.)
    touch_before_delete(Notification.__table__, and_(Notification.user_id == user_id,
                                                     Notification.delivered_at.is_(None)))
    for forgotten in (delete(Notification).where(Notification.user_id == user_id,
                                                 Notification.delivered_at.is_(None)),
                      delete(IdempotencyKey).where(IdempotencyKey.user_id == user_id),
                      delete(AnnualVisit).where(AnnualVisit.customer_id == user_id),
                      delete(PhoneCode).where(PhoneCode.phone == phone),
                      delete(LoginGuard).where(LoginGuard.phone == phone)):
        db.session.execute(forgotten)


def _erase_texts(model, column, where):
    db.session.execute(model.__table__.update().where(where, column.is_not(None))
                       .values({column.key: ERASED}))


def erased_phone(user):
    """A stand-in as unique as the account (phones are unique), and plainly not a number:
    the random end of the account's id."""
    return "erased-" + user.id.replace("-", "")[-24:]
