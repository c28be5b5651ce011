"""The one owner of the transaction: a use case commits what it did when it returns, and
rolls all of it back when anything in it raises (a refusal such as Conflict included).

Services mark their use cases, and never commit or roll back themselves:

    @use_case
    def cancel(actor, job_id, reason, now):
        ...
        return job

A use case called from another one (a sweep purging keys, say) joins the caller's
transaction: only the outermost commits, so what one request or one sweep does is kept whole
or not at all. Code that must stand on its own transaction inside a use case (none does yet)
would need a session of its own, not this."""
import functools
from contextlib import contextmanager

from backend.db import db

_DEPTH = "unit_of_work_depth"


@contextmanager
def unit_of_work(as_written=False):
    """Commit on leaving the outermost block, roll back if it is left by an exception.
    `as_written`: the commit leaves what the session holds as it was written, instead of
    expiring it to be read back."""
    info = db.session.info
    depth = info.get(_DEPTH, 0)
    info[_DEPTH] = depth + 1
    try:
        yield
        if depth == 0:
            _commit(as_written)
    except BaseException:
        if depth == 0:
            db.session.rollback()
        raise
    finally:
        info[_DEPTH] = depth


def _commit(as_written):
    session = db.session()
    session.expire_on_commit = not as_written
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def use_case(function=None, *, as_written=False):
    """Run `function` as one unit of work. `as_written=True` suits a use case that creates
    something to be shown at once: what it returns is shown as the transaction wrote it, and
    nothing is read back after the commit (the database would only hand it back unchanged, at
    a query or more a relationship)."""
    if function is None:
        return functools.partial(use_case, as_written=as_written)

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with unit_of_work(as_written):
            return function(*args, **kwargs)
    return wrapper
