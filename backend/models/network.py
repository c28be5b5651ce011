"""The service network: the points jobs are placed at."""
from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db import IdColumn, UTCDateTime, db, new_id

KINDS = ("branch", "authorised", "agent")
SERVICES = ("repair", "install", "maintenance", "cleaning")


class ServicePoint(db.Model):
    __tablename__ = "service_points"

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    phone: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(300))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    services: Mapped[list] = mapped_column(JSON)
    brands: Mapped[list] = mapped_column(JSON)
    coverage_km: Mapped[float] = mapped_column(Float)
    daily_capacity: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class NetworkRevision(db.Model):
    """One row whose stamp is renewed with every change to the network.

    Each process keeps its placement index in memory; comparing this stamp is how it learns,
    with one cheap read, that another process changed a service point. A fresh random stamp,
    not a counter, so a database emptied and refilled never looks unchanged."""
    __tablename__ = "network_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stamp: Mapped[str] = mapped_column(String(36))
