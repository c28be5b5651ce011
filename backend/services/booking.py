"""Booking: a customer's request becomes a job, placed at once at the nearest eligible point."""
from backend.db import db, new_id
from backend.domain import warranty
from backend.domain.actors import SYSTEM
from backend.domain.errors import Invalid, NotFound
from backend.domain.promises import Window, promise_for, respond_by_after, too_far_ahead
from backend.i18n import N_
from backend.models import Job, User
from backend.models.jobs import insert_new_job
from backend.services import settings
from backend.services.notifications import (distance_text, job_offered, notice, notify_all,
                                            point_technicians)
from backend.services.placement import nearest_eligible
from backend.services.timeline import record
from backend.services.unit_of_work import use_case
from backend.services.units import terms_of, unit_of


@use_case(as_written=True)
def book_job(customer_id, request, now, booked_by=SYSTEM):
    """Create the job from the validated `request` and place it. `booked_by` is whoever
    booked it for the customer (a dispatcher taking a call); the customer's own booking is
    made by the system, as an app booking always was. The job comes back as written, with
    what it is shown with (customer, point, timeline) at hand: showing it reads nothing back."""
    for field in ("customer", "call_id"):
        if field in request:
            raise Invalid("only a dispatcher books for someone else",
                          {field: ["Only a dispatcher books for a caller."]})
    unit = unit_of_request(customer_id, request)
    brand = unit.brand if unit else request.get("brand")
    window = preferred_window(request.get("preferred_window"), now)
    promise = promise_for(now, settings.promise_policy(), window)
    location = request["location"]
    service_day = settings.local_day(max(now, window.start) if window else now)

    job = Job(id=new_id(), customer_id=customer_id, unit_id=unit.id if unit else None,
              service=request["service"], brand=brand, description=request["description"],
              address=request["address"], lat=location["lat"], lon=location["lon"],
              window_start=window.start if window else None,
              window_end=window.end if window else None, service_day=service_day,
              created_at=now, updated_at=now, respond_by=promise.respond_by,
              on_site_by=promise.on_site_by, target_on_site_by=promise.target_on_site_by,
              at_risk_due=promise.at_risk_due, status=None,
              # The caller, whom signing in has loaded already.
              customer=db.session.get(User, customer_id), unit=unit,
              technician=None, parts=[], courtesies=[], goodwill=[], feedback=None)
    if unit:
        job.warranty_basis, job.warranty_covered = warranty.coverage_on(
            terms_of(unit), settings.local_day(now))

    found = nearest_eligible(location["lat"], location["lon"], job.service, brand, service_day)
    if found is None:
        job.respond_by = None
        record(job, "booked_pending", booked_by, now, note=("no_point", {
            "service": job.service, "brand": brand, "day": service_day}))
        # Dispatchers find it in their queue (GET /jobs?status=pending), which is where a job
        # waiting for them belongs, rather than in a message to each of them.
        messages = []
    else:
        candidate, point, technicians = found
        record(job, "booked_placed", booked_by, now, service_point_id=point.id,
               note=("placed_nearest", {"distance_km": distance_text(candidate.distance_km)}))
        messages = put_at(job, candidate, point, technicians, now)
    # Everything read, and the messages made, before the first write: SQLite's write lock is
    # held only for the writes.
    insert_new_job(db.session, job)
    notify_all(messages)
    return job


def place(job, candidate, point, now):
    """Put the job (one already written) at `point` (the candidate's row) and tell the
    customer and the point's technicians."""
    with db.session.no_autoflush:
        technicians = point_technicians(point.id)
    messages = put_at(job, candidate, point, technicians, now)
    # The job's row goes before the messages that name it.
    db.session.flush()
    notify_all(messages)


def put_at(job, candidate, point, technicians, now):
    """Set the job at `point` and give the messages that tell the customer and the point's
    `technicians` (ids)."""
    # The key as well as the relation: a new job is written without the unit of work, which
    # would copy the one to the other.
    job.service_point, job.service_point_id = point, point.id
    job.distance_km = round(candidate.distance_km, 3)
    job.technician_id = None
    job.respond_by = respond_by_after(now, settings.promise_policy())
    offer = job_offered(job, candidate.distance_km)
    messages = [notice(job.customer_id, "job_placed", {
        "service": job.service, "point": point.name, "phone": point.phone,
        "respond_by": job.respond_by}, now, job_id=job.id)]
    return messages + [notice(technician_id, "job_offered", offer, now, job_id=job.id)
                       for technician_id in technicians]


def unit_of_request(customer_id, request):
    unit_id, brand = request.get("unit_id"), request.get("brand")
    if not unit_id:
        if not brand:
            raise Invalid("say which brand, or which of your units",
                          {"brand": [N_("Required when there is no unit_id.")]})
        return None
    try:
        unit = unit_of(customer_id, unit_id)
    except NotFound:
        raise Invalid("no such unit of yours", {"unit_id": [N_("Unknown unit.")]}) from None
    if brand and brand != unit.brand:
        raise Invalid("the brand is not the unit's",
                      {"brand": [N_("The unit is a %(brand)s.")]}, brand=unit.brand)
    return unit


def preferred_window(window, now):
    if not window:
        return None
    if window["start"] >= window["end"]:
        raise Invalid("the window must start before it ends",
                      {"preferred_window": [N_("start must be before end.")]})
    if window["end"] <= now:
        raise Invalid("the window is over",
                      {"preferred_window": [N_("end must be in the future.")]})
    if too_far_ahead(window["end"], now):
        raise Invalid("the window is more than a year ahead",
                      {"preferred_window": [N_("end must be within a year from now.")]})
    return Window(window["start"], window["end"])
