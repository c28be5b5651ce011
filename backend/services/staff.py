"""The people who work for the network: found by admins, changed, and let go.

A person let go (`active: false`) is signed out everywhere at once, and the jobs they had
taken go back to their service point for another technician."""
from sqlalchemy import func, select

from backend.db import db
from backend.domain.errors import Invalid, NotFound
from backend.domain.job_states import ACCEPTED, EN_ROUTE, ON_SITE
from backend.domain.promises import respond_by_after
from backend.i18n import N_
from backend.models import Job, ServicePoint, User
from backend.services import accounts, settings
from backend.services.notifications import job_offered, notice, notify_all, point_technicians
from backend.services.timeline import record
from backend.services.unit_of_work import use_case

STAFF_ROLES = ("technician", "dispatcher")
# A technician's jobs from acceptance until done: the ones someone else must finish.
TAKEN = (ACCEPTED, EN_ROUTE, ON_SITE)


def staff_page(offset, limit, service_point_id=None, role=None, active=None):
    """(page of technicians and dispatchers by name, total)."""
    conditions = [User.role.in_([role] if role else STAFF_ROLES)]
    if service_point_id:
        conditions.append(User.service_point_id == service_point_id)
    if active is not None:
        conditions.append(User.active.is_(active))
    total = db.session.scalar(select(func.count(User.id)).where(*conditions))
    page = db.session.scalars(select(User).where(*conditions).order_by(
        User.name, User.id).offset(offset).limit(limit)).all()
    return page, total


@use_case
def update_staff(actor, staff_id, changes, now):
    """Change a technician's or dispatcher's name, point, certifications or activity
    (`changes` holds those given)."""
    person = db.session.get(User, staff_id)
    if person is None or person.role not in STAFF_ROLES:
        raise NotFound("no such staff member")
    if "name" in changes:
        person.name = changes["name"]
    if "service_point_id" in changes:
        person.service_point_id = _point_for(person, changes["service_point_id"])
    if "certifications" in changes:
        person.certifications = accounts.certifications_of(changes["certifications"])
    if changes.get("active") is False and person.active:
        person.active = False
        accounts.sign_out_everywhere(person)
        _hand_back_the_jobs_of(person, actor, now)
    elif changes.get("active"):
        person.active = True
    return person


def _point_for(person, point_id):
    if not point_id:
        if person.role == "technician":
            raise Invalid("a technician works for a service point",
                          {"service_point_id": [N_("Required for a technician.")]})
        return None
    if db.session.get(ServicePoint, point_id) is None:
        raise Invalid("no such service point", {"service_point_id": [N_("Unknown service point.")]})
    return point_id


def _hand_back_the_jobs_of(technician, actor, now):
    """The jobs `technician` had taken wait at their point again, as if just placed there:
    its technicians are offered them, and the point must answer in the usual time."""
    jobs = db.session.scalars(select(Job).where(
        Job.technician_id == technician.id, Job.status.in_(TAKEN)).order_by(Job.id)).all()
    policy, offers = settings.promise_policy(), []
    for job in jobs:
        point = job.service_point
        record(job, "handed_back", actor, now, service_point_id=point.id, note=(
            "handed_back", {"technician": technician.name, "point": point.name}))
        job.technician_id = job.accepted_at = job.eta = None
        job.respond_by = respond_by_after(now, policy)
        offers += [notice(technician_id, "job_offered", job_offered(job, job.distance_km), now,
                          job_id=job.id)
                   for technician_id in point_technicians(point.id)
                   if technician_id != technician.id]
    db.session.flush()
    notify_all(offers)
