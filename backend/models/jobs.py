"""Jobs, their append-only timelines, and what was used and given on site."""
from datetime import date, datetime

from sqlalchemy import (JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, and_, delete, event, insert, inspect)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, Session, make_transient_to_detached, mapped_column, relationship

from backend.db import IdColumn, UTCDateTime, db, new_id
from backend.domain.job_states import OPEN_STATUSES
from backend.domain.promises import CLOCK_FIELDS, is_at_risk, running_clocks


class Job(db.Model):
    """A customer's booking, from placement to follow-up. Its promise clocks (PromiseClock
    rows) follow its state by themselves: the flush hook `_wind_promise_clocks` winds them
    whenever a flush changes one of the CLOCK_FIELDS, so a use case only sets the fields."""
    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_customer_created", "customer_id", "created_at"),
        Index("ix_jobs_point_created", "service_point_id", "created_at"),
        # Status included, so a point's jobs on a day are counted from the index alone.
        Index("ix_jobs_point_day_status", "service_point_id", "service_day", "status"),
        Index("ix_jobs_status_created", "status", "created_at"),
        # The moments the reports measure: a month's figures read the month's rows through
        # these, not the years of history before them, and from the index alone (each holds
        # what its report reads after the moment). No sweep sets any of these columns.
        Index("ix_jobs_created_at", "created_at", "service_point_id"),
        Index("ix_jobs_accepted_at", "accepted_at", "service_point_id", "respond_by",
              "created_at"),
        Index("ix_jobs_arrived_at", "arrived_at", "service_point_id", "on_time",
              "target_on_site_by", "window_start", "created_at"),
        Index("ix_jobs_completed_at", "completed_at", "service_point_id", "service",
              "fixed_first_visit", "customer_confirmed", "id"),
        Index("ix_jobs_on_site_by", "on_site_by"),
        # Room on each page for a changed row's new version: the sweeps' updates then touch
        # no index (none holds the columns they set) and PostgreSQL writes them HOT.
        {"postgresql_with": {"fillfactor": 80}},
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
    goodwill = relationship("GoodwillGesture", order_by="GoodwillGesture.at",
                            viewonly=True)

    @hybrid_property
    def at_risk(self):
        """backend.domain.promises.is_at_risk, on a loaded job or as SQL."""
        return is_at_risk(self.at_risk_at, self.status)

    @at_risk.inplace.expression
    @classmethod
    def _at_risk_sql(cls):
        return and_(cls.at_risk_at.is_not(None), cls.status.in_(OPEN_STATUSES))


class PromiseClock(db.Model):
    """A promise clock still running for a job, kept in step with the job's state.

    The sweeps look here for the few clocks run out among a million jobs, and stop a clock by
    deleting it: a narrow table whose rows come and go, where a flag in the jobs table would
    rewrite a wide row and its every index. `_wind_promise_clocks` winds a job's clocks at
    each flush that changes what they are read from, so no use case has to remember to."""
    __tablename__ = "promise_clocks"
    __table_args__ = (Index("ix_promise_clocks_kind_due", "kind", "due_at"),)

    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())


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
    # The point a move takes the job from ("lapsed", "reassigned") or the point that had it
    # when its promise broke ("breached"): the KPIs charge these to it. A placement names the
    # point given the job.
    service_point_id: Mapped[str | None] = mapped_column(IdColumn())
    # What a person wrote (a reason, a resolution) is kept as written in `note`; what the
    # system writes is a template of backend/i18n/notes.py and its params, rendered for each
    # reader in their language.
    note: Mapped[str | None] = mapped_column(Text)
    note_template: Mapped[str | None] = mapped_column(String(48))
    note_params: Mapped[dict | None] = mapped_column(JSON)

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


@event.listens_for(Session, "after_flush")
def _wind_promise_clocks(session, _flush_context):
    new = [job for job in session.new if isinstance(job, Job)]
    changed = [job for job in session.dirty
               if isinstance(job, Job) and _clock_fields_changed(job)]
    if new or changed:
        wind_clocks(session.connection(), new, changed)


def wind_clocks(connection, new, changed):
    """Make the clock rows of the `new` jobs (just inserted, with none yet) and the `changed`
    ones the clocks their states call for.

    Rows are replaced, not edited, so a clock a sweep stopped a moment ago is no error here;
    if a request's stale view of the job starts it again, the sweep's claim finds the job no
    longer due and just stops it."""
    clocks = PromiseClock.__table__
    if changed:
        connection.execute(delete(clocks).where(clocks.c.job_id.in_(
            [job.id for job in changed])))
    running = clock_rows((*new, *changed))
    if running:
        connection.execute(insert(clocks), running)


def insert_new_job(session, job):
    """Write `job`, just built and not yet in the session, with its timeline and its clocks:
    one INSERT a table, instead of the unit of work's flush, whose ordering and bookkeeping
    cost a booking more than all its reads did. The job and its events then join the session
    as rows read back would, every column at hand, so that showing them reads nothing."""
    for row in (job, *job.events):
        session.execute(insert(type(row).__table__), _as_loaded(row))
    wind_clocks(session.connection(), [job], [])
    for row in (*job.events, job):
        make_transient_to_detached(row)
    session.add(job)


def _as_loaded(row):
    """The column values of the new `row`, the ones it was not given set to their default,
    as an INSERT would."""
    values = {}
    for column in inspect(type(row)).column_attrs:
        if column.key not in row.__dict__:
            default = column.columns[0].default
            setattr(row, column.key, None if default is None else
                    default.arg(None) if default.is_callable else default.arg)
        values[column.key] = getattr(row, column.key)
    return values


def clock_rows(jobs, kinds=None):
    """The clock rows the states of `jobs` call for (anything with the CLOCK_FIELDS of a job
    and its id), only those of `kinds` if given: for the flush hook, and for a sweep that
    starts a clock again in bulk."""
    return [{"job_id": job.id, "kind": kind, "due_at": due_at}
            for job in jobs for kind, due_at in running_clocks(job).items()
            if kinds is None or kind in kinds]


def _clock_fields_changed(job):
    state = inspect(job)
    return any(state.attrs[name].history.has_changes() for name in CLOCK_FIELDS)


@event.listens_for(JobEvent, "before_update")
@event.listens_for(JobEvent, "before_delete")
def _timeline_is_append_only(_mapper, _connection, target):
    # A timeline is the record of what happened; correcting it means appending, not editing.
    raise TypeError(f"timeline event {target.id} is append-only: it cannot be changed")
