"""Notifications: written in the transaction of the change that causes them (the outbox)."""
from sqlalchemy import func, select

from backend.db import db
from backend.domain.errors import NotFound
from backend.models import Notification, User
from backend.services.unit_of_work import use_case


def notify(user_id, kind, text, now, job_id=None, unit_id=None, dedupe_key=None):
    """Queue one message; the caller commits it with its own change."""
    note = Notification(user_id=user_id, kind=kind, text=text, job_id=job_id, unit_id=unit_id,
                        created_at=now, next_attempt_at=now, dedupe_key=dedupe_key)
    db.session.add(note)
    return note


def job_offered_text(job, distance_km):
    """What a point's technicians read of a job offered to their point."""
    return f"New {job.service} job for {job.brand}, {distance_km:.1f} km away."


def notify_point_technicians(service_point_id, kind, text, now, job_id):
    """Every active technician of a point hears of a job offered to it."""
    technicians = db.session.scalars(select(User.id).where(
        User.service_point_id == service_point_id, User.role == "technician",
        User.active.is_(True)))
    for technician_id in technicians:
        notify(technician_id, kind, text, now, job_id=job_id)


def notify_network_dispatchers(kind, text, now, job_id):
    dispatchers = db.session.scalars(select(User.id).where(
        User.role == "dispatcher", User.service_point_id.is_(None), User.active.is_(True)))
    for dispatcher_id in dispatchers:
        notify(dispatcher_id, kind, text, now, job_id=job_id)


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
