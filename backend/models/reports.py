"""What the reports keep of each day, so that a month's report adds up thirty days instead of
counting a month of rows again (backend.services.rollups).

A day's rows are always recomputed from the tables themselves, never edited by increments:
`ReportTouch` records, in the transaction of each change, which jobs and moments it touched,
and the next report (or `flask rebuild-rollups`) recomputes the days they fall on before it
reads. A change and its touch commit together, so the rollups cannot drift from the tables."""
from dataclasses import fields
from datetime import date, datetime

from sqlalchemy import Column, Date, Integer, LargeBinary, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from backend.db import IdColumn, UTCDateTime, db
from backend.domain.indicators import Counts

COUNTS = tuple(field.name for field in fields(Counts))
# The spans whose medians the reports show, each kept as the day's values themselves (packed
# doubles): a median cannot be added up, and a histogram would round it.
SPANS = ("minutes_to_site", "minutes_to_accept", "minutes_to_resolve_complaint")
# The point of a figure charged to no point (a job waiting for one, a call at the network's
# own desk): a key column cannot be null.
NO_POINT = ""
# The row of a day that holds the spans of the whole network (and no counts).
ALL_POINTS = "*"


class ReportRollup(db.Model):
    """One local day's figures for one service point (or NO_POINT): every count of
    backend.domain.indicators.Counts, and the spans behind the medians."""
    __table__ = Table(
        "report_rollups", db.metadata,
        Column("day", Date, primary_key=True),
        Column("point_id", IdColumn(), primary_key=True),
        *(Column(name, Integer, nullable=False, default=0) for name in COUNTS),
        *(Column(name, LargeBinary) for name in SPANS),
    )


class ReportDay(db.Model):
    """A local day whose rollups are computed, and under what: the time zone and the settings
    a count depends on. A day with another basis, or none, is computed again before use."""
    __tablename__ = "report_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    basis: Mapped[str] = mapped_column(String(200))


class ReportTouch(db.Model):
    """A job, or a moment, that a committed change touched: the days it falls on are to be
    computed again. Rows come and go; no foreign key, so that deleting a job leaves its touch."""
    __tablename__ = "report_touches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[str | None] = mapped_column(IdColumn())
    at: Mapped[datetime | None] = mapped_column(UTCDateTime())
