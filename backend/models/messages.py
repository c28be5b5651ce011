"""Notifications (the outbox) and idempotency keys."""
from datetime import datetime

from sqlalchemy import (JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint, exists,
                        text)
from sqlalchemy.orm import Mapped, mapped_column

from backend.db import IdColumn, UTCDateTime, db, new_id


class Notification(db.Model):
    """A message to one user, written with the change that caused it and delivered later."""
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_created", "user_id", "created_at"),
        Index("ix_notifications_created_at", "created_at"),
        Index("ix_notifications_undelivered", "next_attempt_at",
              sqlite_where=text("delivered_at IS NULL"), postgresql_where=text("delivered_at IS NULL")),
    )

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(32))
    job_id: Mapped[str | None] = mapped_column(ForeignKey("jobs.id"), index=True)
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"))
    # What it says is rendered for its reader (backend.i18n.render) from these two, never
    # stored as text: a reader may change language, and an SMS gateway sends templates.
    template: Mapped[str] = mapped_column(String(48))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    # Notices the scheduler sends once (a warranty notice, a season's offer) carry a key, so a
    # second run of a sweep cannot send them twice even if it races the first.
    dedupe_key: Mapped[str | None] = mapped_column(String(160), unique=True)


def told_running_late(job_id, before=None):
    """SQL: the customer of the job `job_id` (a column or a value) was told the visit runs
    late, by the technician's delay report or by the at-risk sweep (both send the kind
    `running_late`, and only to the customer), before `before` if given."""
    told = exists().where(Notification.job_id == job_id, Notification.kind == "running_late")
    return told if before is None else told.where(Notification.created_at < before)


class IdempotencyKey(db.Model):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    key: Mapped[str] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)
    body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
