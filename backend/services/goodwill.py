"""Goodwill: a gesture a dispatcher confirms when we failed a customer, who is then told.

The breach sweep only suggests one (Job.goodwill_suggestion); nothing is promised to the
customer until a dispatcher confirms a gesture here."""
from sqlalchemy import exists, select

from backend.db import db
from backend.domain.errors import Conflict
from backend.models import Complaint, Feedback, GoodwillGesture, JobEvent
from backend.services.job_queries import job_for
from backend.services.notifications import notify
from backend.services.timeline import record
from backend.services.unit_of_work import use_case

GESTURES = ("gift", "free_cleaning", "discount", "apology_call", "other")


@use_case
def confirm(actor, job_id, gesture, note, now):
    """Confirm `gesture` on a job that lapsed, breached, or drew an unsatisfied answer or a
    complaint (Conflict otherwise); the timeline shows it and the customer is told."""
    job = job_for(actor, job_id)
    if not failed(job):
        raise Conflict("there is nothing to make up for on this job: it has not lapsed or "
                       "breached, and its customer has not been unhappy with it")
    row = GoodwillGesture(job_id=job.id, service_point_id=job.service_point_id, gesture=gesture,
                          note=note, confirmed_by_id=actor.id, at=now)
    db.session.add(row)
    record(job, "goodwill", actor, now, note=("goodwill_confirmed",
                                              {"gesture": gesture, "note": note}))
    notify(job.customer_id, "goodwill", {"service": job.service, "gesture": gesture}, now,
           job_id=job.id)
    db.session.flush()
    return row


def failed(job):
    """Whether we let the customer down on `job`: a point let it lapse, its promise broke, or
    the customer said they were unhappy (an unsatisfied answer or a complaint)."""
    if job.breached_at is not None:
        return True
    return db.session.scalar(select(
        exists().where(JobEvent.job_id == job.id, JobEvent.event == "lapsed")
        | exists().where(Feedback.job_id == job.id, Feedback.satisfied.is_(False))
        | exists().where(Complaint.job_id == job.id)))
