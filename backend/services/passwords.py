"""Password hashing with argon2id, at the cost the PASSWORD_HASH_PROFILE setting names."""
import functools

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context

from backend.config import DEFAULTS


def hash_password(password):
    return _hasher().hash(password)


def verify_password(password_hash, password):
    # Verifying against a dummy hash when the phone is unknown costs the same time as a real
    # check, so response times do not tell which phones have accounts.
    try:
        return _hasher().verify(password_hash or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False


def _profile():
    """argon2-cffi's name for the cost: RFC 9106's low-memory choice in production; the test
    suite names the cheapest, since it proves the flow, not the cost. A hash keeps its own
    parameters, so one made at any cost still verifies."""
    if has_app_context():
        return current_app.config["PASSWORD_HASH_PROFILE"]
    return DEFAULTS["PASSWORD_HASH_PROFILE"]


def _hasher():
    return _hasher_for(_profile())


def _dummy_hash():
    return _dummy_hash_for(_profile())


@functools.cache
def _hasher_for(profile):
    return PasswordHasher.from_parameters(getattr(profiles, profile))


@functools.cache
def _dummy_hash_for(profile):
    return _hasher_for(profile).hash("not a real password")
