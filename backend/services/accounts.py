"""Accounts: customers registering, staff added by admins, signing in and out."""
from sqlalchemy import bindparam, delete, exists, select

from backend.db import db
from backend.domain.errors import Conflict, Invalid, NotFound
from backend.i18n import N_
from backend.i18n import DEFAULT_LOCALE
from backend.models import Certification, EndedSignIn, ServicePoint, User
from backend.services import login_guard
from backend.services.passwords import hash_password, verify_password
from backend.services.sweeps.writes import insert_rows
from backend.services.unit_of_work import use_case


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
    user = _new_user(role, name, phone, password, now, locale,
                     service_point_id=service_point_id)
    user.certifications = certifications_of(certifications)
    return _saved(user)


def certifications_of(given):
    skills = [c["skill"] for c in given]
    if len(set(skills)) != len(skills):
        raise Invalid("one certification per skill", {"certifications": [N_("Skill repeated.")]})
    return [Certification(skill=c["skill"], expires_on=c["expires_on"]) for c in given]


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


def authenticate(phone, password, now):
    """The active user with these credentials, or None. Each try is counted before the
    password is checked, and refused while the phone must wait (see login_guard)."""
    login_guard.count_a_try(phone, now)
    user = db.session.scalar(select(User).where(User.phone == phone))
    if not verify_password(user.password_hash if user else None, password):
        return None
    login_guard.forgive_the_try(phone, now)
    return user if user.active else None


def get_user(user_id):
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("no such user")
    return user


@use_case
def end_sign_in(sid, expires_at):
    """Logout: every token of the sign-in `sid` stops working (kept until `expires_at`, when
    the last of them would have expired anyway). Ending it twice, even at once, is once."""
    insert_rows(EndedSignIn, [{"sid": sid, "expires_at": expires_at}], ("sid",))


def sign_out_everywhere(user):
    """Within a use case: every token `user` holds, on every device, stops working."""
    user.token_generation += 1


# Built once: every request with a token asks.
_TOKEN_HOLDER = select(User, exists().where(EndedSignIn.sid == bindparam("sid"))).where(
    User.id == bindparam("user_id"))


def token_holder(user_id, sid):
    """The person a token names and whether its sign-in `sid` has ended, in one read:
    (user, ended), or (None, False) when there is no such person."""
    row = db.session.execute(_TOKEN_HOLDER, {"user_id": user_id, "sid": sid}).first()
    return (row[0], row[1]) if row else (None, False)


def token_is_revoked(user, sid, generation, ended):
    """Whether a token of `user`'s (None when the account is gone), issued with sign-in `sid`
    under `generation`, no longer works; `ended` tells whether that sign-in was ended (see
    `token_holder`). A token without a sign-in was not issued by this version, and does not."""
    if user is None:
        return False  # not revoked but orphaned: the caller learns the account is gone
    return sid is None or generation != user.token_generation or ended


def forget_ended_sign_ins(now):
    """Housekeeping: an ended sign-in whose tokens have all expired need not be kept."""
    return db.session.execute(delete(EndedSignIn.__table__).where(
        ended_sign_in_expired(now))).rowcount


def ended_sign_in_expired(now):
    """The ended sign-ins whose tokens have all expired, as a condition on EndedSignIn."""
    return EndedSignIn.expires_at < now
