"""What technicians, customers and dispatchers do to a job once it is booked.

Every action follows the same steps: the role may take it at all (403), the job is one the
actor may act on (404, or 403 for a colleague's job), the state allows it (409), then the
change, its timeline event and its notifications commit together."""
from datetime import timedelta

from backend.db import db
from backend.domain import job_states, warranty
from backend.domain.errors import Conflict, Forbidden, Invalid, NotFound
from backend.domain.geo import Candidate, geodesic_km
from backend.domain.promises import (Window, arrived_on_time, at_risk_due_with_eta,
                                     too_far_ahead)
from backend.i18n import N_
from backend.models import Job, JobCourtesy, JobPart, ServicePoint, Unit, User
from backend.services import settings
from backend.services.booking import place
from backend.services.job_queries import job_for
from backend.services.notifications import distance_text, notify
from backend.services.placement import site_of
from backend.services.timeline import acting_role, record
from backend.services.unit_of_work import use_case
from backend.services.units import set_warranty, terms_of

SKILL_FOR_SERVICE = {"install": "install", "repair": "repair"}
# How far from the address a technician may report arriving before the timeline says so.
ARRIVAL_TOLERANCE_KM = 0.5


def _job_to_act_on(actor, job_id, action):
    job_states.check_role(action, acting_role(actor))
    if actor.role == "technician":
        job = db.session.get(Job, job_id, with_for_update=True)
        if job is None or job.service_point_id != actor.service_point_id:
            raise NotFound("no such job")
        if job.technician_id not in (None, actor.id):
            raise Forbidden("another technician has this job")
        return job
    job = job_for(actor, job_id)
    db.session.refresh(job, with_for_update=True)
    return job


def _check_certified(technician, service, now):
    skill = SKILL_FOR_SERVICE.get(service)
    if skill and not technician.certified_for(skill, settings.local_day(now)):
        raise Conflict("%(technician)s has no unexpired %(skill)s certification for this "
                       "%(service)s job", technician=technician.name, skill=skill,
                       service=service)


@use_case
def accept(actor, job_id, now):
    job = _job_to_act_on(actor, job_id, "accepted")
    technician = db.session.get(User, actor.id)
    if job.status == "assigned":
        _check_certified(technician, job.service, now)
    record(job, "accepted", actor, now)
    job.technician_id, job.accepted_at = technician.id, now
    notify(job.customer_id, "job_accepted", {
        "technician": technician.name, "point": job.service_point.name,
        "service": job.service}, now, job_id=job.id)
    return job


def _set_eta(job, eta, now):
    if eta < now - timedelta(minutes=5):
        raise Invalid("the ETA is in the past", {"eta": [N_("Must not be in the past.")]})
    if too_far_ahead(eta, now):
        raise Invalid("the ETA is more than a year ahead", {"eta": [N_("Must be within a year.")]})
    job.eta = eta
    # The at-risk sweep warns the customer and shows dispatchers on its next run.
    job.at_risk_due = at_risk_due_with_eta(job.at_risk_due, eta, job.on_site_by, now)


@use_case
def depart(actor, job_id, eta, now):
    job = _job_to_act_on(actor, job_id, "departed")
    record(job, "departed", actor, now, note=("eta", {"eta": eta}))
    _set_eta(job, eta, now)
    notify(job.customer_id, "on_the_way", {"eta": eta}, now, job_id=job.id)
    return job


@use_case
def delay(actor, job_id, eta, reason, now):
    job = _job_to_act_on(actor, job_id, "delayed")
    record(job, "delayed", actor, now, note=("new_eta", {"eta": eta, "reason": reason}))
    _set_eta(job, eta, now)
    notify(job.customer_id, "running_late", {"reason": reason, "eta": eta}, now,
           job_id=job.id)
    return job


@use_case
def arrive(actor, job_id, location, now):
    job = _job_to_act_on(actor, job_id, "arrived")
    off_by = geodesic_km((location["lat"], location["lon"]), (job.lat, job.lon))
    note = (("arrived_away", {"distance_km": distance_text(off_by)})
            if off_by > ARRIVAL_TOLERANCE_KM else None)
    record(job, "arrived", actor, now, note=note)
    if job.arrived_at is None:  # a revisit does not move the first arrival
        window = Window(job.window_start, job.window_end) if job.window_start else None
        job.arrived_at = now
        job.on_time = arrived_on_time(now, job.on_site_by, window)
    notify(job.customer_id, "arrived", {}, now, job_id=job.id)
    return job


@use_case
def complete(actor, job_id, report, now):
    """Close the visit: parts judged by the warranty on the day, courtesies, confirmation.
    A visit that did not fix the fault sends the job back for a revisit."""
    fixed = report.get("fixed", True)
    job = _job_to_act_on(actor, job_id, "completed" if fixed else "revisit_needed")
    record(job, "completed" if fixed else "revisit_needed", actor, now,
           note=report.get("resolution"))
    today = settings.local_day(now)
    if job.service == "install" and fixed:
        _register_installed_unit(job, report, today, now)
    terms = terms_of(job.unit) if job.unit else None
    job.warranty_basis, job.warranty_covered = warranty.coverage_on(terms, today)
    job.visits += 1
    if job.fixed_first_visit is None:
        job.fixed_first_visit = fixed
    job.resolution = report["resolution"]
    job.customer_confirmed = report["customer_confirmed"]
    # Added beside the job rather than to its collections, which would be read first (and
    # the job flushed to read them); the commit shows them on the job afterwards.
    for part in report.get("parts", []):
        covered = bool(terms and terms.covers_part(part["main_part"], today))
        db.session.add(JobPart(job_id=job.id, visit=job.visits, name=part["name"],
                               main_part=part["main_part"], covered=covered))
    for courtesy in report.get("courtesies", []):
        db.session.add(JobCourtesy(job_id=job.id, kind=courtesy["kind"],
                                   note=courtesy.get("note")))
    if fixed:
        job.completed_at = now
        job.feedback_due_at = now + timedelta(hours=settings.setting("FEEDBACK_SILENCE_HOURS"))
        notify(job.customer_id, "completed", {"service": job.service}, now, job_id=job.id)
        notify(job.customer_id, "feedback_request", {}, now, job_id=job.id)
    else:
        job.eta = None
        notify(job.customer_id, "revisit_needed", {}, now, job_id=job.id)
    return job


def _register_installed_unit(job, report, today, now):
    """An install registers the unit to the customer; its warranty starts today."""
    missing = {f: [N_("Required to complete an install.")]
               for f in ("indoor_serial", "outdoor_serial") if not report.get(f)}
    if missing:
        raise Invalid("an install records the unit's serial numbers", missing)
    unit = job.unit
    if unit is None:
        unit = Unit(owner_id=job.customer_id, brand=job.brand,
                    model=report.get("model") or "unrecorded", purchased_on=today,
                    serial_number=report["indoor_serial"], created_at=now)
    unit.indoor_serial, unit.outdoor_serial = report["indoor_serial"], report["outdoor_serial"]
    unit.installed_on = today
    set_warranty(unit, settings.setting("WARRANTY_NOTICE_DAYS"))
    job.unit = unit


@use_case
def cancel(actor, job_id, reason, now):
    job = _job_to_act_on(actor, job_id, "cancelled")
    record(job, "cancelled", actor, now, note=reason)
    job.cancelled_at = now
    if job.technician_id:
        notify(job.technician_id, "job_cancelled_technician",
               {"service": job.service, "reason": reason}, now, job_id=job.id)
    if actor.role != "customer":
        notify(job.customer_id, "job_cancelled", {"service": job.service, "reason": reason},
               now, job_id=job.id)
    return job


@use_case
def assign(actor, job_id, request, now):
    """A dispatcher places a job, or moves it to another point or technician."""
    point_id, technician_id = request.get("service_point_id"), request.get("technician_id")
    if not point_id and not technician_id:
        raise Invalid("name a service point or a technician",
                      {"service_point_id": [N_("Give service_point_id, technician_id or both.")]})
    job_states.check_role("assigned", acting_role(actor))
    technician = _technician(technician_id) if technician_id else None
    if technician and point_id and technician.service_point_id != point_id:
        raise Invalid("the technician works for another point",
                      {"technician_id": [N_("Not a technician of that service point.")]})
    point = _point(point_id or technician.service_point_id)
    if not actor.network_wide and point.id != actor.service_point_id:
        raise Forbidden("a point dispatcher assigns only within their own point")
    job = _job_to_act_on(actor, job_id, "assigned")
    reason = request.get("reason")
    if technician:
        _check_certified(technician, job.service, now)
        record(job, "technician_assigned", actor, now, service_point_id=point.id,
               note=_with_reason("given_to", {"technician": technician.name,
                                              "point": point.name}, reason))
        if job.service_point_id != point.id:
            _move(job, point, now)
        job.technician_id, job.accepted_at = technician.id, now
        notify(technician.id, "job_given", {"service": job.service}, now, job_id=job.id)
        notify(job.customer_id, "job_accepted", {
            "technician": technician.name, "point": point.name, "service": job.service},
            now, job_id=job.id)
    else:
        action = "assigned" if job.status == "pending" else "reassigned"
        # A move names the point the job was taken from, which the KPIs charge with the
        # reassignment (as a lapse names the point that let it lapse); a placement names the
        # point given the job.
        record(job, action, actor, now,
               service_point_id=point.id if action == "assigned" else job.service_point_id,
               note=_with_reason("placed_at", {"point": point.name}, reason))
        _move(job, point, now)
    return job


def _move(job, point, now):
    if not point.active or job.service not in point.services or job.brand not in point.brands:
        raise Conflict("%(point)s does not take %(service)s jobs for %(brand)s",
                       point=point.name, service=job.service, brand=job.brand)
    km = geodesic_km((job.lat, job.lon), (point.lat, point.lon))
    job.accepted_at = job.eta = None
    place(job, Candidate(site_of(point), km), point, now)


def _with_reason(template, params, reason):
    """A dispatcher's note, with the reason they gave when they gave one."""
    return (f"{template}_because", {**params, "reason": reason}) if reason else (template, params)


def _technician(technician_id):
    technician = db.session.get(User, technician_id)
    if technician is None or technician.role != "technician" or not technician.active:
        raise Invalid("no such technician", {"technician_id": [N_("Unknown technician.")]})
    return technician


def _point(point_id):
    point = db.session.get(ServicePoint, point_id)
    if point is None:
        raise Invalid("no such service point", {"service_point_id": [N_("Unknown service point.")]})
    return point
