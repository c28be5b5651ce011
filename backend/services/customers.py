"""Customers the hotline deals with: found by their phone, or given an account without a
password that they take over later with a code sent to that phone."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend.db import db
from backend.domain.errors import Conflict
from backend.models import User


def customer_by_phone(phone):
    """The customer whose account is this phone (E.164), or None."""
    return db.session.scalar(select(User).where(User.phone == phone, User.role == "customer"))


def find_or_open_customer(phone, name, now):
    """The customer with this phone, or a new account without a password in `name` (the
    phone itself when the caller gave none). A staff member's phone is no customer's."""
    user = db.session.scalar(select(User).where(User.phone == phone))
    if user is None:
        user = _open(phone, name or phone, now)
    if user.role != "customer":
        raise Conflict("this phone belongs to a member of staff, not to a customer")
    return user


def _open(phone, name, now):
    # Two agents may open the same caller's account at once: the unique phone decides, and
    # the one who loses uses the account the other made.
    user = User(role="customer", name=name, phone=phone, password_hash=None, created_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:
        return db.session.scalar(select(User).where(User.phone == phone))
    return user
