"""Jobs, their append-only timelines, and what was used and given on site."""
from datetime import date, datetime

from sqlalchemy import (Boolean, Date, Float, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, event, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.db import IdColumn, UTCDateTime, db, new_id

OPEN = "('pending','assigned','accepted','en_route')"


def _partial(name, *columns, where):
    # The sweeps look for the few due rows among a million; an index holding only the rows
    # that can still fall due keeps that lookup proportional to what is due.
    return Index(name, *columns, sqlite_where=text(where), postgresql_where=text(where))


class Job(db.Model):
    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_customer_created", "customer_id", "created_at"),
        Index("ix_jobs_point_created", "service_point_id", "created_at"),
        # Status included, so a point's jobs on a day are counted from the index alone.
        Index("ix_jobs_point_day_status", "service_point_id", "service_day", "status"),
        Index("ix_jobs_status_created", "status", "created_at"),
        _partial("ix_jobs_respond_due", "respond_by", where="status = 'assigned'"),
        # A job awaiting a revisit is open again, but its promise was kept at the first arrival.
        _partial("ix_jobs_at_risk_due", "at_risk_due",
                 where=f"at_risk_at IS NULL AND arrived_at IS NULL AND status IN {OPEN}"),
        _partial("ix_jobs_breach_due", "on_site_by",
                 where=f"breached_at IS NULL AND arrived_at IS NULL AND status IN {OPEN}"),
        _partial("ix_jobs_feedback_due", "feedback_due_at", where="feedback_due_at IS NOT NULL"),
    )

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    customer_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"), index=True)
    service: Mapped[str] = mapped_column(String(16))
    brand: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text)
    address: Mapped[str] = mapped_column(String(300))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    window_start: Mapped[datetime | None] = mapped_column(UTCDateTime())
    window_end: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))
    service_point_id: Mapped[str | None] = mapped_column(ForeignKey("service_points.id"))
    technician_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True)
    distance_km: Mapped[float | None] = mapped_column(Float)
    # The local date of the visit, which counts against the point's daily capacity.
    service_day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    respond_by: Mapped[datetime | None] = mapped_column(UTCDateTime())
    on_site_by: Mapped[datetime] = mapped_column(UTCDateTime())
    target_on_site_by: Mapped[datetime] = mapped_column(UTCDateTime())
    at_risk_due: Mapped[datetime] = mapped_column(UTCDateTime())
    at_risk_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    goodwill_suggestion: Mapped[str | None] = mapped_column(String(32))

    eta: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    on_time: Mapped[bool | None] = mapped_column(Boolean)

    resolution: Mapped[str | None] = mapped_column(Text)
    customer_confirmed: Mapped[bool | None] = mapped_column(Boolean)
    visits: Mapped[int] = mapped_column(Integer, default=0)
    fixed_first_visit: Mapped[bool | None] = mapped_column(Boolean)
    warranty_basis: Mapped[str | None] = mapped_column(String(16))
    warranty_covered: Mapped[bool | None] = mapped_column(Boolean)
    # When silence after completion puts a callback in the queue; cleared by an answer.
    feedback_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    customer = relationship("User", foreign_keys=[customer_id])
    technician = relationship("User", foreign_keys=[technician_id])
    unit = relationship("Unit")
    service_point = relationship("ServicePoint")
    events: Mapped[list["JobEvent"]] = relationship(
        back_populates="job", order_by="JobEvent.seq", cascade="all, delete-orphan")
    parts: Mapped[list["JobPart"]] = relationship(cascade="all, delete-orphan")
    courtesies: Mapped[list["JobCourtesy"]] = relationship(cascade="all, delete-orphan")
    feedback = relationship("Feedback", uselist=False)


class JobEvent(db.Model):
    """One line of a job's timeline. Written once, never updated or deleted."""
    __tablename__ = "job_events"
    __table_args__ = (UniqueConstraint("job_id", "seq"),
                      Index("ix_job_events_event_at", "event", "at"))

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id"))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    event: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    actor_role: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str | None] = mapped_column(IdColumn())
    service_point_id: Mapped[str | None] = mapped_column(IdColumn())
    note: Mapped[str | None] = mapped_column(Text)

    job: Mapped[Job] = relationship(back_populates="events")


class JobPart(db.Model):
    __tablename__ = "job_parts"

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id"), index=True)
    visit: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    main_part: Mapped[bool] = mapped_column(Boolean)
    covered: Mapped[bool] = mapped_column(Boolean)


class JobCourtesy(db.Model):
    __tablename__ = "job_courtesies"

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)


@event.listens_for(JobEvent, "before_update")
@event.listens_for(JobEvent, "before_delete")
def _timeline_is_append_only(_mapper, _connection, target):
    # A timeline is the record of what happened; correcting it means appending, not editing.
    raise TypeError(f"timeline event {target.id} is append-only: it cannot be changed")
