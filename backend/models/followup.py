"""What happens after the visit: the customer's answer, complaints and follow-up calls."""
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.db import IdColumn, UTCDateTime, db, new_id


class Feedback(db.Model):
    __tablename__ = "feedback"
    # The reports ask of each completed job whether it has an answer and whether it was
    # satisfied: this index answers both without reading the row.
    __table_args__ = (Index("ix_feedback_job_satisfied", "job_id", "satisfied"),)

    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id"), primary_key=True)
    satisfied: Mapped[bool] = mapped_column(Boolean)
    rating: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Complaint(db.Model):
    __tablename__ = "complaints"
    __table_args__ = (Index("ix_complaints_status_created", "status", "created_at"),
                      # A day's rollups take the spans of the complaints resolved that day.
                      Index("ix_complaints_resolved_at", "resolved_at"))

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id"), index=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    # "customer" when filed by the customer, "feedback" when opened by an unsatisfied answer.
    source: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    resolution: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))

    job = relationship("Job")


class Callback(db.Model):
    """A follow-up call a dispatcher owes a customer: one per job and reason, or, for calls
    about no job (a message taken by the hotline, the yearly visit), one per `dedupe_key`."""
    __tablename__ = "callbacks"
    __table_args__ = (
        UniqueConstraint("job_id", "reason"),
        Index("ix_callbacks_customer_created", "customer_id", "created_at"),
        Index("ix_callbacks_created_at", "created_at"),
        Index("ix_callbacks_open_due", "due_at",
              sqlite_where=text("done_at IS NULL"), postgresql_where=text("done_at IS NULL")),
    )

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    job_id: Mapped[str | None] = mapped_column(ForeignKey("jobs.id"))
    # Whom the call is owed to: the job's customer, or the caller who left a message.
    customer_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    # The hotline call whose message this returns.
    call_id: Mapped[str | None] = mapped_column(ForeignKey("calls.id"), index=True)
    # "no_feedback", "unsatisfied", "message" or "annual_visit"
    reason: Mapped[str] = mapped_column(String(16))
    # annual_visit:<customer>:<year>, so a sweep run twice cannot queue a year's call twice.
    dedupe_key: Mapped[str | None] = mapped_column(String(160), unique=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reached: Mapped[bool | None] = mapped_column(Boolean)
    satisfied: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))

    job = relationship("Job")
    customer = relationship("User", foreign_keys=[customer_id])


class GoodwillGesture(db.Model):
    """A gesture a dispatcher confirmed to make up for a failure on a job (a lapse, a breach,
    an unhappy customer). The breach sweep only suggests one (Job.goodwill_suggestion)."""
    __tablename__ = "goodwill_gestures"
    __table_args__ = (Index("ix_goodwill_gestures_point_at", "service_point_id", "at"),
                      Index("ix_goodwill_gestures_at", "at"))

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id"), index=True)
    # The point that had the job when the gesture was confirmed, for the per-point reports.
    service_point_id: Mapped[str | None] = mapped_column(ForeignKey("service_points.id"))
    # "gift", "free_cleaning", "discount", "apology_call" or "other"
    gesture: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)
    confirmed_by_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())

    confirmed_by = relationship("User")
