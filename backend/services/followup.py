"""The customer's side of follow-up: feedback after the visit and complaints."""

from backend.db import db
from backend.domain.errors import Conflict
from backend.models import Callback, Complaint, Feedback
from backend.services.job_queries import job_for
from backend.services.notifications import notify_network_dispatchers
from backend.services.timeline import record
from backend.services.unit_of_work import use_case


@use_case
def give_feedback(actor, job_id, answer, now):
    """Once, after completion. An unsatisfied answer opens a complaint and a callback at once:
    service quality is judged whole, and one bad step spoils it."""
    job = job_for(actor, job_id)
    if job.feedback is not None:
        raise Conflict("this job already has the customer's feedback")
    rating = answer.get("rating")
    record(job, "feedback", actor, now,
           note=(("feedback_satisfied" if answer["satisfied"] else "feedback_unsatisfied")
                 + ("_rated" if rating else ""), {"rating": str(rating)} if rating else {}))
    db.session.add(Feedback(job_id=job.id, satisfied=answer["satisfied"], rating=rating,
                            comment=answer.get("comment"), created_at=now))
    job.feedback_due_at = None
    if not answer["satisfied"]:
        db.session.add(Complaint(job_id=job.id, customer_id=job.customer_id, source="feedback",
                                 text=answer.get("comment") or "Not satisfied with the visit.",
                                 status="open", created_at=now))
        db.session.add(Callback(job_id=job.id, customer_id=job.customer_id, reason="unsatisfied",
                                due_at=now, created_at=now))
        notify_network_dispatchers("unsatisfied", {"job_id": job.id}, now, job.id)
    return job


@use_case
def file_complaint(actor, job_id, text, now):
    job = job_for(actor, job_id)
    record(job, "complaint", actor, now, note=text)
    complaint = Complaint(job_id=job.id, customer_id=job.customer_id, source="customer",
                          text=text, status="open", created_at=now)
    db.session.add(complaint)
    notify_network_dispatchers("complaint", {"job_id": job.id}, now, job.id)
    return complaint
