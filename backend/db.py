"""The database handle, shared column types and the engine settings each database needs."""
import os
import secrets
import threading
import time
from datetime import timezone

import numpy
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData, String, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Named constraints keep migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _render_item(type_, obj, autogen_context):
    # Migrations stay free of project imports: UTCDateTime is stored as a plain timestamp.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_item=_render_item)


class _TimeOrderedIds:
    """UUIDv7 (RFC 9562): a millisecond timestamp, then a counter, then random bits.

    Ids made later sort later, even within one millisecond, so rows written in one
    transaction with the same timestamp (a job's "completed" and "feedback_request"
    notices) still list in the order they were made."""

    def __init__(self):
        self._lock = threading.Lock()
        self._last_ms = 0
        self._counter = 0

    def __call__(self):
        return self.many(1)[0]

    def many(self, count):
        """`count` ids in the order they were made: one lock, one read of random bytes and
        one hex text for all of them (a sweep makes thousands at a time)."""
        with self._lock:
            ms = time.time_ns() // 1_000_000
            if ms > self._last_ms:
                self._last_ms, self._counter = ms, secrets.randbits(8) - 1
            # The counter runs on through the batch, and past 4095 carries into the
            # millisecond (the same millisecond, or a clock that stepped back).
            first_ms, first = self._last_ms, self._counter + 1
            last = self._counter + count
            self._last_ms, self._counter = first_ms + (last >> 12), last & 0xFFF
        # Written out by hand: uuid.UUID would cost as much again as making the value.
        if count < _IN_ARRAYS_FROM:
            return [_written(_stamp(first_ms, n), (0b10 << 62) | (random >> 2))
                    for n, random in zip(range(first, first + count),
                                         memoryview(os.urandom(8 * count)).cast("Q"))]
        packed = numpy.empty((count, 2), ">u8")
        packed[:, 0] = _stamp(first_ms, numpy.arange(first, first + count, dtype=numpy.int64))
        packed[:, 1] = (numpy.frombuffer(os.urandom(8 * count), "<u8") >> numpy.uint64(2)
                        | numpy.uint64(0b10 << 62))
        text = packed.tobytes().hex()
        return [f"{text[i:i + 8]}-{text[i + 8:i + 12]}-{text[i + 12:i + 16]}-"
                f"{text[i + 16:i + 20]}-{text[i + 20:i + 32]}" for i in range(0, 32 * count, 32)]


# A request's few ids are written one by one; a sweep's thousands as one array (numpy's
# setting up costs as much as a few ids).
_IN_ARRAYS_FROM = 16


def _stamp(first_ms, counts):
    """The high 64 bits of the ids counted `counts` (an int, or a numpy array of them) from
    `first_ms`: the millisecond, the version, then the counter."""
    return ((first_ms + (counts >> 12)) << 16) | (0x7 << 12) | (counts & 0xFFF)


def _written(high, low):
    text = f"{high:016x}{low:016x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


new_id = _TimeOrderedIds()
new_ids = new_id.many


def IdColumn():
    return String(36)


class UTCDateTime(TypeDecorator):
    """An aware UTC datetime on both databases.

    SQLite keeps no offset, so values are stored as naive UTC there and made aware on the way
    out; a naive value on the way in is a bug in the caller and refused."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware datetime")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


# A commit copies SQLite's write-ahead log back into the database file itself only once the
# log holds this many pages (SQLite's own default is 1,000, about 4 MB). The scheduler's
# checkpointer (`checkpoint`, every few seconds) copies it long before, off the path of every
# request and sweep, as PostgreSQL's checkpointer is a process of its own: otherwise whichever
# commit crossed the line, a booking or a sweep, would copy every page the others wrote.
# Without a scheduler running, commits still keep the log under about 40 MB.
CHECKPOINT_PAGES = 10_000


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    # The API and the scheduler are two processes writing one file: WAL lets readers go on
    # while one writes, and the busy timeout makes a writer wait instead of failing.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES}")
        cursor.close()


def checkpoint():
    """Copy into the SQLite file what its write-ahead log holds, as far as readers and
    writers allow without waiting for them (a passive checkpoint), so that the log starts
    again from its beginning once every reader has moved on. How many of the log's pages
    are in the file now; None on a database that checkpoints by itself (PostgreSQL)."""
    if db.engine.dialect.name != "sqlite":
        return None
    with db.engine.connect() as connection:
        _busy, _in_log, in_file = connection.exec_driver_sql(
            "PRAGMA wal_checkpoint(PASSIVE)").one()
    return in_file
