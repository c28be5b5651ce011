"""Customers' air conditioners and the brand warranty policies that cover them."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db import IdColumn, UTCDateTime, db, new_id


class WarrantyPolicy(db.Model):
    """A brand's own policy for units bought in [valid_from, valid_until]."""
    __tablename__ = "warranty_policies"
    __table_args__ = (UniqueConstraint("brand", "valid_from"),)

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    brand: Mapped[str] = mapped_column(String(60), index=True)
    name: Mapped[str] = mapped_column(String(120))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    whole_unit_months: Mapped[int] = mapped_column(Integer)
    main_parts_months: Mapped[int] = mapped_column(Integer)


class Unit(db.Model):
    __tablename__ = "units"
    __table_args__ = (
        Index("ix_units_warranty_notice_on", "warranty_notice_on",
              sqlite_where=text("warranty_notice_on IS NOT NULL"),
              postgresql_where=text("warranty_notice_on IS NOT NULL")),
        # The seasonal sweep reads the units not yet offered this season, oldest installs
        # first; without it each batch would wade through every unit already offered.
        Index("ix_units_cleaning_due", "cleaning_offered_season", "installed_on"),
    )

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    owner_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    brand: Mapped[str] = mapped_column(String(60))
    model: Mapped[str] = mapped_column(String(120))
    serial_number: Mapped[str] = mapped_column(String(120))
    indoor_serial: Mapped[str | None] = mapped_column(String(120))
    outdoor_serial: Mapped[str | None] = mapped_column(String(120))
    purchased_on: Mapped[date] = mapped_column(Date)
    installed_on: Mapped[date | None] = mapped_column(Date)
    # The policy and its terms are fixed when the unit is registered (the customer's contract);
    # later changes to a brand's policy do not rewrite existing warranties.
    policy_name: Mapped[str] = mapped_column(String(120))
    whole_unit_until: Mapped[date] = mapped_column(Date)
    main_parts_until: Mapped[date] = mapped_column(Date)
    # When the "your warranty ends soon" notice is due; cleared once it is sent.
    warranty_notice_on: Mapped[date | None] = mapped_column(Date)
    # The last cooling season (a year) this unit's owner was offered a cleaning for.
    cleaning_offered_season: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
