"""Only one scheduler may run against a database: two would race for the same due rows.

PostgreSQL: a session advisory lock, released by the database if the process dies. SQLite: an
exclusive lock on a file beside the database, released by the OS the same way."""
import fcntl
import zlib
from contextlib import contextmanager

from sqlalchemy import create_engine, make_url, text

_KEY = zlib.crc32(b"air-conditioner dispatch scheduler")


class AlreadyRunning(Exception):
    pass


@contextmanager
def only_one(database_url):
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        with _advisory_lock(url):
            yield
    else:
        with _file_lock(f"{url.database}.scheduler.lock"):
            yield


@contextmanager
def _advisory_lock(url):
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if not connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": _KEY}):
                raise AlreadyRunning("another scheduler holds this database's advisory lock")
            connection.commit()
            yield
    finally:
        engine.dispose()


@contextmanager
def _file_lock(path):
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlreadyRunning(f"another scheduler holds {path}") from None
        yield
