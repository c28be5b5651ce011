"""The benches' own databases: made on the first run, or made afresh."""
from sqlalchemy import create_engine, make_url, text


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
