"""Idempotency keys: a repeated POST replays its first answer instead of acting twice."""
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from backend.db import db
from backend.domain.errors import Conflict, Invalid
from backend.i18n import N_
from backend.models import IdempotencyKey
from backend.services.unit_of_work import unit_of_work, use_case


@dataclass(frozen=True)
class Stored:
    status_code: int
    body: str


def claim(user_id, key, request_hash, now):
    """Claim `key` for this request: None when it is new (go ahead), the stored answer when
    it is a repeat; Invalid for a different request under the same key, Conflict while the
    first is still being answered."""
    try:
        # Kept at once, in a transaction of its own: a second request with the key must see
        # it while the first is still being answered.
        with unit_of_work():
            db.session.add(IdempotencyKey(user_id=user_id, key=key, request_hash=request_hash,
                                          created_at=now))
        return None
    except IntegrityError:
        pass
    row = db.session.scalar(select(IdempotencyKey).where(IdempotencyKey.user_id == user_id,
                                                          IdempotencyKey.key == key))
    if row.request_hash != request_hash:
        raise Invalid("this Idempotency-Key was used for a different request",
                      {"Idempotency-Key": [N_("Already used with another body.")]})
    if row.status_code is None:
        raise Conflict("the first request with this Idempotency-Key is still in flight")
    return Stored(row.status_code, row.body)


@use_case
def store(user_id, key, status_code, body):
    row = db.session.scalar(select(IdempotencyKey).where(IdempotencyKey.user_id == user_id,
                                                          IdempotencyKey.key == key))
    row.status_code, row.body = status_code, body


def release(user_id, key):
    """Forget a claim whose request failed, so the client may try again with it."""
    # Whatever the failed request left in the session is not part of forgetting the key.
    db.session.rollback()
    _forget(user_id, key)


@use_case
def _forget(user_id, key):
    db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.user_id == user_id,
                                                    IdempotencyKey.key == key))


@use_case
def purge(now, keep_hours):
    """Forget keys older than the promised keeping time; returns how many."""
    return db.session.execute(delete(IdempotencyKey).where(expired(now, keep_hours))).rowcount


def expired(now, keep_hours):
    """The keys older than the promised keeping time, as a condition on IdempotencyKey."""
    return IdempotencyKey.created_at < now - timedelta(hours=keep_hours)
