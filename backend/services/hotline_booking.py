"""Booking for a caller: the hotline books a job for someone on the phone, exactly as the app
would, and the caller is told by message how to follow it."""
from sqlalchemy import select

from backend.db import db
from backend.domain.errors import Invalid
from backend.models import Call
from backend.services import booking
from backend.services.customers import find_or_open_customer
from backend.services.notifications import notify
from backend.services.unit_of_work import use_case


@use_case
def book_for_caller(actor, request, now):
    """Book `request` (a validated booking with `customer: {phone, name}` and an optional
    `call_id`) for the caller, found by phone or given an account without a password."""
    caller = request.get("customer")
    if caller is None:
        raise Invalid("say whom the job is for",
                      {"customer": ["Required when a dispatcher books: the caller's phone "
                                    "and name."]})
    call = _call_of(actor, request.get("call_id"))
    customer = find_or_open_customer(caller["phone"], caller["name"], now)
    job = booking.book_job(customer.id, _as_app_booking(request), now, booked_by=actor)
    notify(customer.id, "booked_by_hotline", {"service": job.service}, now, job_id=job.id)
    if call is not None:
        call.job_id, call.customer_id = job.id, customer.id
    return job


def _as_app_booking(request):
    return {key: value for key, value in request.items() if key not in ("customer", "call_id")}


def _call_of(actor, call_id):
    """The call the booking was made in, if the actor's desk may see it and it booked no
    other job."""
    if call_id is None:
        return None
    query = select(Call).where(Call.id == call_id)
    if not actor.network_wide:
        query = query.where(Call.service_point_id == actor.service_point_id)
    call = db.session.scalar(query)
    if call is None:
        raise Invalid("no such call", {"call_id": ["Unknown call."]})
    if call.job_id is not None:
        raise Invalid("this call is about another job already",
                      {"call_id": ["The call is linked to another job."]})
    return call
