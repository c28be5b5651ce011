"""The instant a request happens at: taken once, so that every part of one request (its
idempotency key, its use case, the dates it shows) agrees on it."""
from flask import g

from backend.domain.times import utc_now


def request_now():
    if "now" not in g:
        g.now = utc_now()
    return g.now
