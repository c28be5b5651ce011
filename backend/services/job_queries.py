"""Which jobs each role may see, and how a job looks to them."""
from sqlalchemy import func, or_, select

from backend.db import db
from backend.domain.errors import NotFound
from backend.domain.job_states import CANCELLED, COMPLETED
from backend.models import Job


def visible_to(actor):
    """SQL: the jobs `actor` may see (None: every job). Customers see their own; technicians
    their point's jobs that are unclaimed or theirs; a point's dispatchers their point's;
    network dispatchers and admins all. Everything about a job (its callbacks, complaints)
    is seen by whoever sees the job."""
    if actor.role == "customer":
        return Job.customer_id == actor.id
    if actor.role == "technician":
        return (Job.service_point_id == actor.service_point_id) & or_(
            Job.technician_id.is_(None), Job.technician_id == actor.id)
    if actor.network_wide:
        return None
    if actor.role == "dispatcher":
        return Job.service_point_id == actor.service_point_id
    return Job.id.is_(None)


ORDERS = {"newest": (Job.created_at.desc(), Job.id.desc()),
          "due": (Job.on_site_by, Job.id)}


def visible_jobs(actor, offset, limit, status=None, at_risk=None, open_=None, breached=None,
                 order="newest"):
    """(page of jobs, total), newest first or, with `order="due"`, the on-site promise
    falling due first. `open_`: neither completed nor cancelled (the dispatchers' queue);
    `breached`: whose on-site promise broke."""
    conditions = [c for c in (visible_to(actor),) if c is not None]
    if status:
        conditions.append(Job.status == status)
    if at_risk is not None:
        conditions.append(Job.at_risk if at_risk else ~Job.at_risk)
    if open_ is not None:
        closed = Job.status.in_((COMPLETED, CANCELLED))
        conditions.append(~closed if open_ else closed)
    if breached is not None:
        conditions.append(Job.breached_at.is_not(None) if breached else Job.breached_at.is_(None))
    total = db.session.scalar(select(func.count(Job.id)).where(*conditions))
    page = db.session.scalars(select(Job).where(*conditions).order_by(
        *ORDERS[order]).offset(offset).limit(limit)).all()
    return page, total


def job_for(actor, job_id):
    """The job if the actor may see it; otherwise it is as unknown as a missing one."""
    condition = visible_to(actor)
    query = select(Job).where(Job.id == job_id)
    job = db.session.scalar(query if condition is None else query.where(condition))
    if job is None:
        raise NotFound("no such job")
    return job


def sees_customer_details(actor, job):
    """Technicians see the customer's phone and address only on the jobs they are to do."""
    return actor.role != "technician" or job.technician_id == actor.id
