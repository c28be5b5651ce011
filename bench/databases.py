"""The benches' own databases: made on the first run, or made afresh, and loaded in bulk."""
from contextlib import contextmanager

from sqlalchemy import create_engine, make_url, text

from backend.db import db


def _admin(url):
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def create_database(url):
    """The bench's own PostgreSQL database, made on the first run and kept for the next."""
    name, engine = make_url(url).database, _admin(url)
    with engine.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                 {"name": name}):
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


def fresh_database(url):
    """The bench's own PostgreSQL database, empty."""
    name, engine = make_url(url).database, _admin(url)
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


@contextmanager
def bulk_loading(engine):
    """A fresh schema (in an app context) for rows written in bulk inside the block: the
    indexes are dropped while they go in and built once after, then the statistics taken."""
    postgres = engine.dialect.name == "postgresql"
    if postgres:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    db.drop_all()
    db.create_all()
    indexes = [index for table in db.metadata.sorted_tables for index in table.indexes]
    with engine.begin() as connection:
        for index in indexes:
            index.drop(connection)
    yield
    with engine.begin() as connection:
        for index in indexes:
            index.create(connection)
        connection.execute(text("ANALYZE"))
    if postgres:
        # A live database's history was vacuumed long ago. Left to autovacuum, the freshly
        # loaded tables would be vacuumed in the middle of the timed runs, on a machine of
        # two cores.
        # Its pages were written out long ago too: the load's gigabyte of WAL would otherwise
        # keep checkpoints going all through the timed runs.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM (FREEZE, ANALYZE)"))
            connection.execute(text("CHECKPOINT"))
    else:
        # The same for SQLite: the load's write-ahead log copied into the file and emptied,
        # rather than copied by whichever timed run's commit first finds it too long.
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
