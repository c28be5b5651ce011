"""Taking over an account the hotline opened: a code sent to the phone, then registration.

A code is six random digits, kept only as a hash, valid PHONE_CODE_MINUTES with
PHONE_CODE_TRIES tries, and a phone is sent at most PHONE_CODES_PER_HOUR codes an hour. The
limit and the tries are counted by conditional UPDATEs of the phone's one row, so they hold
exactly however many requests arrive at once (on SQLite the UPDATE takes the write lock; on
PostgreSQL the row lock makes the second request re-read the row the first one changed)."""
import math
import secrets
from datetime import timedelta

from sqlalchemy import case, select, update

from backend.db import db
from backend.domain.errors import Conflict, RateLimited
from backend.models import PhoneCode, User
from backend.services import accounts, settings
from backend.services.notifications import notify
from backend.services.passwords import hash_password, verify_password
from backend.services.sweeps.writes import insert_rows
from backend.services.unit_of_work import use_case

WINDOW = timedelta(hours=1)


@use_case
def send_code(phone, now):
    """Send a code to `phone` if its account was opened by the hotline and has no password
    yet. Every request counts against the phone's limit, and the answer is the same whether
    or not such an account exists, so the limit cannot be dodged and accounts not found."""
    insert_rows(PhoneCode, [{
        "phone": phone, "code_hash": None, "expires_at": now, "tries_left": 0,
        "window_started_at": now, "sent_in_window": 0}], ("phone",))
    _count_against_the_limit(phone, now)
    owner = _hotline_account(phone)
    if owner is None:
        return
    code = f"{secrets.randbelow(1_000_000):06d}"
    valid_until = now + timedelta(minutes=settings.setting("PHONE_CODE_MINUTES"))
    db.session.execute(update(PhoneCode).where(PhoneCode.phone == phone).values(
        code_hash=hash_password(code), expires_at=valid_until,
        tries_left=settings.setting("PHONE_CODE_TRIES")))
    notify(owner.id, "sms_code", {"code": code, "valid_until": valid_until}, now)


def register(name, phone, password, now, locale, code=None):
    """A customer registering: a new account, or the one the hotline opened for this phone,
    taken over with the code sent to it (without a valid code: Conflict, the phone is taken)."""
    if _hotline_account(phone) is None:
        return accounts.register_customer(name, phone, password, now, locale)
    # Spent tries must stay spent when the code is wrong: the try is its own unit of work,
    # committed before the refusal is raised.
    user = _take_over(name, phone, password, now, locale, code)
    if user is None:
        raise Conflict("this phone already has an account: ask for a code to take it over")
    return user


@use_case
def _take_over(name, phone, password, now, locale, code):
    if code is None or not _spend_a_try(phone, now):
        return None
    code_hash = db.session.scalar(select(PhoneCode.code_hash).where(PhoneCode.phone == phone))
    if not verify_password(code_hash, code):
        return None
    # Only one request may use a code, even the right one sent twice at once.
    used = db.session.execute(update(PhoneCode).where(
        PhoneCode.phone == phone, PhoneCode.code_hash == code_hash).values(
        code_hash=None, tries_left=0)).rowcount
    user = _hotline_account(phone)
    if not used or user is None:
        return None
    user.name, user.locale, user.password_hash = name, locale, hash_password(password)
    return user


def _count_against_the_limit(phone, now):
    window_over = PhoneCode.window_started_at <= now - WINDOW
    counted = db.session.execute(update(PhoneCode).where(
        PhoneCode.phone == phone,
        window_over | (PhoneCode.sent_in_window < settings.setting("PHONE_CODES_PER_HOUR")))
        .values(sent_in_window=case((window_over, 1), else_=PhoneCode.sent_in_window + 1),
                window_started_at=case((window_over, now),
                                       else_=PhoneCode.window_started_at))).rowcount
    if not counted:
        started = db.session.scalar(select(PhoneCode.window_started_at).where(
            PhoneCode.phone == phone))
        wait = (started + WINDOW - now).total_seconds()
        raise RateLimited("too many codes for this phone; try again later",
                          max(1, math.ceil(wait)))


def _spend_a_try(phone, now):
    return db.session.execute(update(PhoneCode).where(
        PhoneCode.phone == phone, PhoneCode.code_hash.is_not(None), PhoneCode.tries_left > 0,
        PhoneCode.expires_at > now).values(tries_left=PhoneCode.tries_left - 1)).rowcount == 1


def _hotline_account(phone):
    return db.session.scalar(select(User).where(
        User.phone == phone, User.role == "customer", User.password_hash.is_(None),
        User.active.is_(True)))
