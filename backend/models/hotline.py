"""The hotline: calls taken and made by the maker's service line, and the yearly call owed to
every owner of a registered unit."""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from backend.db import IdColumn, UTCDateTime, db, new_id
from backend.domain.annual_visits import first_slot
from backend.models.units import Unit

DIRECTIONS = ("inbound", "outbound")
OUTCOMES = ("booked", "advice", "message", "complaint", "abandoned", "other")
HOLD_BANDS = ("none", "short", "long", "very_long")


class Call(db.Model):
    """One telephone call, as the agent (or the exchange) logged it.

    `rings`, `answered_within_standard`, `longest_hold_seconds` and `hold_band` are decided
    by the rules of backend.domain.hotline when the call is logged, with the standard then in
    force, and kept: reports count them over a million calls without re-deriving them, and a
    later change of the standard does not rewrite how past calls were judged."""
    __tablename__ = "calls"
    __table_args__ = (
        # With what the reports read of a call, so a month's calls are counted from the index.
        Index("ix_calls_rang_at", "rang_at", "service_point_id", "answered_at",
              "answered_within_standard", "outcome", "hold_band"),
        Index("ix_calls_phone_rang_at", "phone", "rang_at"),
        Index("ix_calls_point_rang_at", "service_point_id", "rang_at"),
        # A job's calls, in time: the standards ask whether the customer rang about a job
        # before it was moved. With the moment in the index the planner takes it, not the
        # month-wide rang_at index, even when few calls name a job.
        Index("ix_calls_job_rang_at", "job_id", "rang_at"),
    )

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    direction: Mapped[str] = mapped_column(String(8))
    # E.164, as every phone the system keeps.
    phone: Mapped[str] = mapped_column(String(32))
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    # The agent's service point (null for the network's own hotline), so a point's report
    # counts the calls its own desk took.
    service_point_id: Mapped[str | None] = mapped_column(ForeignKey("service_points.id"))
    job_id: Mapped[str | None] = mapped_column(ForeignKey("jobs.id"))
    rang_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # [{"start": iso, "end": iso}, ...] as logged; the figures below are read from it.
    holds: Mapped[list] = mapped_column(JSON)
    rings: Mapped[int] = mapped_column(Integer)
    answered_within_standard: Mapped[bool] = mapped_column(Boolean)
    longest_hold_seconds: Mapped[int] = mapped_column(Integer)
    hold_band: Mapped[str] = mapped_column(String(16))
    transferred_to: Mapped[str | None] = mapped_column(String(120))
    outcome: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    # A message taken for someone, and when the caller was promised an answer; the callback
    # it put in the queue points back here (Callback.call_id).
    message: Mapped[str | None] = mapped_column(Text)
    call_back_by: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    agent = relationship("User", foreign_keys=[agent_id])
    customer = relationship("User", foreign_keys=[customer_id])
    job = relationship("Job")


class AnnualVisit(db.Model):
    """When a customer with a registered unit is next owed the year-round follow-up call.

    A row per customer, not a timer: the sweep reads the few rows due today through the
    index, puts the call in the queue and moves the row on to next year's slot."""
    __tablename__ = "annual_visits"
    __table_args__ = (Index("ix_annual_visits_due_on", "due_on"),)

    customer_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    # The year whose call is owed next, and the day it falls due (the year's slot, or later
    # when a job of the customer's pushed it back).
    year: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)


@event.listens_for(Session, "after_flush")
def _owe_new_owners_a_yearly_call(session, _flush_context):
    """A customer's first registered unit (however it was registered: by the customer, by an
    install completed on site, by a loader) puts them in the year-round follow-up; a row
    already there is left as it is."""
    owners = {}
    for unit in session.new:
        if isinstance(unit, Unit):
            owners.setdefault(unit.owner_id, unit.created_at)
    if owners:
        connection = session.connection()
        dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
        due = {owner: first_slot(owner, registered.date()) for owner, registered in owners.items()}
        connection.execute(
            dialect.insert(AnnualVisit.__table__).on_conflict_do_nothing(
                index_elements=["customer_id"]),
            [{"customer_id": owner, "year": day.year, "due_on": day} for owner, day in due.items()])
