"""People who use the system, their certifications, their sign-ins and the guard on them."""
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint, and_
from sqlalchemy import false as sa_false
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
    # None for a customer the hotline booked for, until they take the account over with a
    # code sent to the phone (PhoneCode); such an account cannot sign in.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    service_point_id: Mapped[str | None] = mapped_column(ForeignKey("service_points.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Every token carries the generation it was issued under; raising it signs the person
    # out everywhere at once (deactivation, erasure) without listing their tokens.
    token_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # zh-CN or en (backend.i18n.LOCALES): the language of the texts this person reads.
    locale: Mapped[str] = mapped_column(String(8), default="zh-CN", server_default="zh-CN")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # A customer made up by `simulate-day`: their jobs are a simulation's, never real work,
    # and a later simulation may clear them.
    simulated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())

    certifications: Mapped[list["Certification"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Certification.skill")

    def certified_for(self, skill, on):
        return any(c.skill == skill and c.expires_on >= on for c in self.certifications)


# SQL: the person is an active technician. With their point, the ones who hear of every job
# offered to it and whom a dispatcher can give its jobs.
ACTIVE_TECHNICIAN = and_(User.role == "technician", User.active.is_(True))


class Certification(db.Model):
    __tablename__ = "certifications"
    __table_args__ = (UniqueConstraint("user_id", "skill"),)

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    skill: Mapped[str] = mapped_column(String(16))
    expires_on: Mapped[date] = mapped_column(Date)

    user: Mapped[User] = relationship(back_populates="certifications")


class EndedSignIn(db.Model):
    """A sign-in ended at logout: the access and refresh tokens issued with it carry its id
    (`sid`) and stop working together. Kept until its last token would have expired anyway."""
    __tablename__ = "ended_sign_ins"

    sid: Mapped[str] = mapped_column(String(36), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class LoginGuard(db.Model):
    """Wrong passwords for one phone. One row per phone, so one conditional UPDATE both
    counts a try and refuses it when the phone must wait, exactly however many tries arrive
    at once. `failures` run since the last right password and set how long the next try
    waits; `in_window` counts the wrong ones in the current day, against a far higher cap."""
    __tablename__ = "login_guards"

    phone: Mapped[str] = mapped_column(String(32), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    wait_until: Mapped[datetime] = mapped_column(UTCDateTime())
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    in_window: Mapped[int] = mapped_column(Integer)


class PhoneCode(db.Model):
    """The code last sent to a phone to take over an account the hotline opened, and how
    many codes the phone was sent in the current rate-limit window. One row per phone, so a
    single conditional UPDATE both counts a request against the limit and replaces the code,
    exactly, however many requests arrive at once."""
    __tablename__ = "phone_codes"

    phone: Mapped[str] = mapped_column(String(32), primary_key=True)
    # Hashed like a password: the database never holds a usable code. None once used.
    code_hash: Mapped[str | None] = mapped_column(String(255))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    tries_left: Mapped[int] = mapped_column(Integer)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_in_window: Mapped[int] = mapped_column(Integer)
