"""Jobs for the tests (api and integration alike): booked as customers book them, or put straight
into a state."""
from sqlalchemy import select

from backend.db import db
from backend.domain.promises import promise_for
from backend.models import Job, JobEvent, Notification
from backend.services import settings
from backend.services.booking import book_job
from tests.conftest import T0, booking


def book(app, customer, now=T0, **request):
    """A job booked through the booking use case; returns its id."""
    with app.app_context():
        return book_job(customer.id, booking(**request), now).id


def put(app, customer, point=None, status="accepted", created_at=T0, **fields):
    """A job inserted directly in `status`, with the promise clocks the policy gives a job
    booked at `created_at` and a first timeline event; returns its id."""
    with app.app_context():
        promise = promise_for(created_at, settings.promise_policy())
    values = dict(customer_id=customer.id, service="repair", brand="Midea",
                  description="No cold air", address="People's Square 1", lat=31.2304,
                  lon=121.4737, status=status,
                  service_point_id=point.id if point else None,
                  service_day=created_at.date(), created_at=created_at, updated_at=created_at,
                  respond_by=promise.respond_by, on_site_by=promise.on_site_by,
                  target_on_site_by=promise.target_on_site_by,
                  at_risk_due=promise.at_risk_due, visits=0)
    values.update(fields)
    with app.app_context():
        job = Job(**values)
        job.events.append(JobEvent(seq=1, at=created_at, event="booked", status=status,
                                   actor_role="system", service_point_id=values[
                                       "service_point_id"]))
        db.session.add(job)
        db.session.commit()
        return job.id


def get(app, job_id):
    """The job, detached, with its timeline loaded."""
    with app.app_context():
        job = db.session.get(Job, job_id)
        job.events  # noqa: B018  (load before detaching)
        db.session.expunge(job)
        return job


def events(app, job_id):
    return [e.event for e in get(app, job_id).events]


def notices(app, kind=None, **where):
    """(user_id, kind, job_id, unit_id) of every notification, oldest first."""
    with app.app_context():
        query = select(Notification).order_by(Notification.created_at, Notification.id)
        if kind:
            query = query.where(Notification.kind == kind)
        for name, value in where.items():
            query = query.where(getattr(Notification, name) == value)
        return [(n.user_id, n.kind, n.job_id, n.unit_id) for n in db.session.scalars(query)]

