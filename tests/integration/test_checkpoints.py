"""SQLite's write-ahead log is copied into the database file by the scheduler's checkpointer,
not by whichever commit (a booking, a sweep) happens to cross SQLite's line."""
import sqlite3

from sqlalchemy import select

from backend.db import CHECKPOINT_PAGES, checkpoint, db
from backend.models import User
from tests.conftest import T0


def _in_the_file_itself(app, user_id):
    """Whether the database file, read without its write-ahead log, holds the person."""
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    reader = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return reader.execute("SELECT 1 FROM users WHERE id = ?", (user_id,)).fetchone() \
            is not None
    finally:
        reader.close()


def test_a_commit_leaves_the_log_to_the_checkpointer_which_copies_it_into_the_file(app, make):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            # PostgreSQL's own checkpointer process does this; there is nothing to copy.
            assert checkpoint() is None
            return
        checkpoint()  # what the tests before this one wrote
    customer = make.customer(created_at=T0)
    with app.app_context():
        assert db.session.execute(select(User.id).where(User.id == customer.id)).scalar()
        assert db.session.connection().exec_driver_sql(
            "PRAGMA wal_autocheckpoint").scalar() == CHECKPOINT_PAGES
    # Committed, but in the log only: the commit copied nothing into the file.
    assert not _in_the_file_itself(app, customer.id)
    with app.app_context():
        assert checkpoint() > 0
    assert _in_the_file_itself(app, customer.id)
