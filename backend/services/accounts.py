"""Accounts: customers registering, staff added by admins, logins and revoked tokens."""
import math
from datetime import timedelta

from sqlalchemy import delete, select

from backend.db import db
from backend.domain.errors import Conflict, Invalid, NotFound, RateLimited
from backend.i18n import N_
from backend.i18n import DEFAULT_LOCALE
from backend.models import Certification, FailedLogin, RevokedToken, ServicePoint, User
from backend.services.passwords import hash_password, verify_password
from backend.services.unit_of_work import use_case

LOGIN_ATTEMPTS = 5
LOGIN_WINDOW = timedelta(minutes=15)


@use_case
def register_customer(name, phone, password, now, locale=DEFAULT_LOCALE):
    return _add_user("customer", name, phone, password, now, locale)


@use_case
def create_admin(phone, password, now, name="Administrator", locale=DEFAULT_LOCALE):
    return _add_user("admin", name, phone, password, now, locale)


@use_case
def update_me(user_id, changes):
    """A person changes their own name or language (`changes` holds those given)."""
    user = get_user(user_id)
    for field in ("name", "locale"):
        if field in changes:
            setattr(user, field, changes[field])
    return user


@use_case
def add_staff(role, name, phone, password, now, service_point_id=None, certifications=(),
              locale=DEFAULT_LOCALE):
    """A technician (always of a point) or a dispatcher (of a point, or of the whole network)."""
    if role == "technician" and not service_point_id:
        raise Invalid("a technician works for a service point",
                      {"service_point_id": [N_("Required for a technician.")]})
    if service_point_id and db.session.get(ServicePoint, service_point_id) is None:
        raise Invalid("no such service point", {"service_point_id": [N_("Unknown service point.")]})
    skills = [c["skill"] for c in certifications]
    if len(set(skills)) != len(skills):
        raise Invalid("one certification per skill", {"certifications": [N_("Skill repeated.")]})
    user = _new_user(role, name, phone, password, now, locale,
                     service_point_id=service_point_id)
    user.certifications = [Certification(skill=c["skill"], expires_on=c["expires_on"])
                           for c in certifications]
    return _saved(user)


def _add_user(role, name, phone, password, now, locale):
    return _saved(_new_user(role, name, phone, password, now, locale))


def _new_user(role, name, phone, password, now, locale, service_point_id=None):
    if db.session.scalar(select(User.id).where(User.phone == phone)):
        raise Conflict("the phone %(phone)s already has an account", phone=phone)
    return User(role=role, name=name, phone=phone, password_hash=hash_password(password),
                service_point_id=service_point_id, created_at=now, locale=locale)


def _saved(user):
    db.session.add(user)
    return user


@use_case
def authenticate(phone, password, now):
    """The user with these credentials, or None. After LOGIN_ATTEMPTS wrong passwords for a
    phone within LOGIN_WINDOW, further tries are refused (RateLimited) until the oldest of
    them is out of the window, so a password cannot be guessed by brute force."""
    since = now - LOGIN_WINDOW
    recent = db.session.scalars(select(FailedLogin.at).where(
        FailedLogin.phone == phone, FailedLogin.at > since).order_by(FailedLogin.at)).all()
    if len(recent) >= LOGIN_ATTEMPTS:
        wait = recent[-LOGIN_ATTEMPTS] + LOGIN_WINDOW - now
        raise RateLimited("too many wrong passwords for this phone; try again later",
                          max(1, math.ceil(wait.total_seconds())))
    user = db.session.scalar(select(User).where(User.phone == phone))
    if not verify_password(user.password_hash if user else None, password):
        db.session.add(FailedLogin(phone=phone, at=now))
        return None
    if recent:
        db.session.execute(delete(FailedLogin).where(FailedLogin.phone == phone))
    return user if user.active else None


def forget_failed_logins(now):
    """Housekeeping: wrong passwords older than the window no longer count."""
    return db.session.execute(delete(FailedLogin).where(
        FailedLogin.at <= now - LOGIN_WINDOW)).rowcount


def get_user(user_id):
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("no such user")
    return user


def get_user_or_none(user_id):
    return db.session.get(User, user_id)


@use_case
def revoke_token(jti, expires_at, now):
    if db.session.get(RevokedToken, jti) is None:
        db.session.add(RevokedToken(jti=jti, expires_at=expires_at))
    # Tokens past their expiry are refused anyway; forgetting them keeps the table small.
    db.session.execute(delete(RevokedToken).where(RevokedToken.expires_at < now))


def is_revoked(jti):
    return db.session.get(RevokedToken, jti) is not None
