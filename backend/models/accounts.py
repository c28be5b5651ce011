"""People who use the system, their certifications and the tokens they gave back."""
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.db import IdColumn, UTCDateTime, db, new_id

ROLES = ("customer", "technician", "dispatcher", "admin")
SKILLS = ("install", "repair", "refrigerant")


class User(db.Model):
    __tablename__ = "users"
    # A point's technicians, and the network's own dispatchers (no point), without wading
    # through the customers, who have no point either.
    __table_args__ = (Index("ix_users_point_role", "service_point_id", "role"),)

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(32), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    service_point_id: Mapped[str | None] = mapped_column(ForeignKey("service_points.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    certifications: Mapped[list["Certification"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Certification.skill")

    def certified_for(self, skill, on):
        return any(c.skill == skill and c.expires_on >= on for c in self.certifications)


class Certification(db.Model):
    __tablename__ = "certifications"
    __table_args__ = (UniqueConstraint("user_id", "skill"),)

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    skill: Mapped[str] = mapped_column(String(16))
    expires_on: Mapped[date] = mapped_column(Date)

    user: Mapped[User] = relationship(back_populates="certifications")


class RevokedToken(db.Model):
    """A token given back at logout; kept until it would have expired anyway."""
    __tablename__ = "revoked_tokens"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class FailedLogin(db.Model):
    """A wrong password for a phone; enough of them in a short time hold further tries off."""
    __tablename__ = "failed_logins"
    __table_args__ = (Index("ix_failed_logins_phone_at", "phone", "at"),)

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    phone: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
