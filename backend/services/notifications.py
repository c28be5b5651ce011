"""Notifications: written in the transaction of the change that causes them (the outbox)."""
from sqlalchemy import bindparam, func, insert, select

from backend.db import db, new_id
from backend.domain.errors import NotFound
from backend.i18n.render import render
from backend.i18n.templates import TEMPLATES, check_params, stored_params
from backend.models import ACTIVE_TECHNICIAN, Notification, User
from backend.services import settings
from backend.services.unit_of_work import use_case


def notify(user_id, template, params, now, job_id=None, unit_id=None, dedupe_key=None):
    """Queue one message: a template of backend/i18n/templates.py and its params (times as
    `aware datetime`s); the caller commits it with its own change. It is rendered in the
    recipient's language when read or delivered."""
    note = Notification(**notice(user_id, template, params, now, job_id, unit_id, dedupe_key))
    db.session.add(note)
    return note


def notify_all(notices):
    """Queue several messages (`notice` rows) in one statement, without an object each."""
    if notices:
        db.session.execute(insert(Notification.__table__), notices)


def notice(user_id, template, params, now, job_id=None, unit_id=None, dedupe_key=None):
    """An outbox row as a dict, for a sweep's bulk insert as much as for `notify`."""
    check_params(template, params)
    return {"id": new_id(), "user_id": user_id, "kind": TEMPLATES[template].kind,
            "template": template, "params": stored_params(params), "job_id": job_id,
            "unit_id": unit_id, "created_at": now, "next_attempt_at": now, "attempts": 0,
            "dedupe_key": dedupe_key}


def text_of(template, params, reader, now):
    """What `reader` (a User, or anything with `locale` and `name`) reads of a notification
    at `now`."""
    return render(template, params, reader.locale, reader.name, now, settings.network_tz())


def note_text(event, reader, now):
    """A timeline event's note as `reader` reads it: the system's in their language, a
    person's as written."""
    if event.note_template is None:
        return event.note
    return render(event.note_template, event.note_params, reader.locale, reader.name, now,
                  settings.network_tz())


def distance_text(distance_km):
    """A distance as messages and timeline notes give it: kilometres to one decimal."""
    return f"{distance_km:.1f}"


def job_offered(job, distance_km):
    """The params of what a point's technicians read of a job offered to their point."""
    return {"service": job.service, "brand": job.brand,
            "distance_km": distance_text(distance_km)}


# Built once: every booking asks.
_POINT_TECHNICIANS = select(User.id).where(User.service_point_id == bindparam("point"),
                                          ACTIVE_TECHNICIAN)


def point_technicians(service_point_id):
    """The ids of a point's active technicians, who hear of every job offered to it."""
    return db.session.scalars(_POINT_TECHNICIANS, {"point": service_point_id}).all()


def network_dispatchers():
    """The ids of the active dispatchers of the whole network (of no one point)."""
    return db.session.scalars(select(User.id).where(
        User.role == "dispatcher", User.service_point_id.is_(None), User.active.is_(True))).all()


def notify_network_dispatchers(template, params, now, job_id):
    for dispatcher_id in network_dispatchers():
        notify(dispatcher_id, template, params, now, job_id=job_id)


def notifications_of(user_id, offset, limit):
    """(page of the user's notifications newest first, total)."""
    where = Notification.user_id == user_id
    total = db.session.scalar(select(func.count(Notification.id)).where(where))
    page = db.session.scalars(select(Notification).where(where)
                              .order_by(Notification.created_at.desc(), Notification.id.desc())
                              .offset(offset).limit(limit)).all()
    return page, total


@use_case
def mark_read(user_id, notification_id, now):
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != user_id:
        raise NotFound("no such notification")
    if note.read_at is None:
        note.read_at = now
    return note
