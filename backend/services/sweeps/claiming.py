"""Claiming what has fallen due: the run-out promise clocks of jobs, or rows of a table, picked
with an indexed read and claimed by one statement that repeats the due condition; and the
unit of work every sweep is (`sweep`), with `done` to report what it did."""
import functools

from sqlalchemy import and_, case, delete, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from backend.bulk import among, dialect_of
from backend.db import db
from backend.domain.job_states import TRANSITIONS
from backend.domain.promises import BREACH, past_promise
from backend.models import Job, PromiseClock
from backend.models.touches import touch
from backend.services.unit_of_work import unit_of_work

# Rows one run acts on: enough for any minute of a summer peak, small enough for one quick
# transaction; a bigger backlog is worked off by the following runs.
BATCH = 1000


_SYNCHRONOUS_NORMAL = "sweeps_synchronous_normal"


def sweep(function):
    """A sweep's transaction commits without waiting for the disk. Work lost to a power cut is
    simply claimed and done again by the next run (every sweep is idempotent), so the
    scheduler need not wait for the disk at each run as a booking must; a crash of the
    process itself loses nothing either way."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if dialect() is sqlite:
            # Set before the transaction begins (SQLite refuses it inside one), once for each
            # connection, which keeps it. In WAL mode NORMAL syncs at checkpoints instead of at
            # every commit. PostgreSQL is told at the commit (`done`).
            connection = db.session.connection()
            if not connection.info.get(_SYNCHRONOUS_NORMAL):
                connection.exec_driver_sql("PRAGMA synchronous=NORMAL")
                connection.info[_SYNCHRONOUS_NORMAL] = True
        with unit_of_work():
            return function(*args, **kwargs)
    return wrapper


def done(**counts):
    """What a sweep returns: its `counts`, as its unit of work is about to commit them."""
    if any(counts.values()) and dialect() is postgresql:
        # Asked only when there is work to commit: a round trip costs as much as an idle run.
        db.session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    return counts


def claim_jobs(kind, now, batch, still_due, values, returning):
    """Stop up to `batch` clocks of `kind` that have run out, earliest first, and set `values`
    on their jobs; the jobs' `returning` columns as they are after the change. With no
    `values` the jobs are only read (a sweep that writes them anyway sets its own), locked
    until the transaction ends.

    `still_due` repeats, on the job, what keeps the clock running: a clock and its job change
    in one transaction, so the two agree, and the repeat costs nothing."""
    clocks = PromiseClock.__table__
    ran_out = (clocks.c.kind == kind, _ran_out(kind, clocks.c.due_at, now))
    # Each clock is locked with its job, and one whose job a request holds is passed over: a
    # request locks its job before it winds the job's clocks, so a run that waited for the
    # job while holding the clock would deadlock with it. Whether any clock ran out is asked
    # of the clocks alone: planning the join costs PostgreSQL more than the whole read.
    picked = pick(select(clocks.c.job_id).join(Job.__table__, Job.id == clocks.c.job_id)
                  .where(*ran_out).order_by(clocks.c.due_at), batch, of=(clocks, Job.__table__),
                  probe=select(clocks.c.job_id).where(*ran_out).order_by(clocks.c.due_at))
    if picked is None:
        return []
    stopped = db.session.scalars(delete(clocks).where(
        clocks.c.kind == kind, clocks.c.job_id.in_(picked)).returning(clocks.c.job_id)).all()
    if not stopped:
        return []
    touch(jobs=stopped)
    # The repeat is tested on each job looked up by id, never used to look jobs up: SQLite's
    # statistics make `arrived_at IS NULL` look selective (its NULLs count as one value of
    # many), and it would scan every open and cancelled job for a thousand claimed ones.
    claimed = (among(Job.id, stopped), case((and_(*still_due), True), else_=False))
    # On the session's connection, as `claim` writes.
    if not values:
        # The jobs were locked with their clocks by the pick.
        return db.session.connection().execute(select(*returning).where(*claimed)).all()
    return db.session.connection().execute(
        update(Job.__table__).where(*claimed).values(**values).returning(*returning)).all()


def _ran_out(kind, due_at, now):
    # The other clocks run out at their time.
    return past_promise(now, due_at) if kind == BREACH else due_at <= now


def claim(model, due, order_by, values, returning, batch, probe=True):
    """Set `values` on up to `batch` rows meeting `due`, earliest due first, and return their
    `returning` columns as they are after the change. `probe=False`: the caller has found
    rows due already (see `pick`)."""
    picked = pick(due_rows(model, due, order_by), batch, probe=probe)
    if picked is None:
        return []
    # On the session's connection: the session would make ORM rows of the thousand it
    # returns, for nothing.
    return db.session.connection().execute(
        update(model.__table__).where(model.id.in_(picked), *due).values(**values)
        .returning(*returning)).all()


def due_rows(model, due, order_by):
    """The ids of the rows of `model` meeting `due`, in the order they fell due."""
    order_by = order_by if isinstance(order_by, tuple) else (order_by,)
    return select(model.id).where(*due).order_by(*order_by)


def pick(query, batch, of=None, probe=True):
    """The first `batch` ids `query` selects, locked (rows of `of`, or of its table) for the
    claiming statement they are the subquery of: a second runner passes over them. None when
    the query selects nothing. `probe` is asked first whether anything is due: `query`
    itself, a cheaper query finding the same rows, or False when the caller knows (see
    `any_due`)."""
    # Most runs find nothing, and then this one indexed read, made outside the transaction,
    # is all they cost; a row falling due just after it is the next run's. Ordered, as the
    # reads of `any_due` are.
    if probe is not False and not read((query if probe is True else probe).limit(1)):
        return None
    picked = query.limit(batch).with_for_update(skip_locked=True, of=of)
    if dialect() is postgresql:
        # Materialized, so the pick is made once: as a plain IN (subquery) PostgreSQL may run
        # it again for each row it changes, and LIMIT with SKIP LOCKED then picks more.
        cte = picked.cte("picked").prefix_with("MATERIALIZED")
        return select(cte.c[0])
    # SQLite runs an IN (subquery) once; and Python's sqlite3 opens the transaction only
    # before a statement that starts with UPDATE or DELETE, so a WITH in front would
    # autocommit.
    return picked.scalar_subquery()


def any_due(queries):
    """For each of `queries`, whether it selects anything: one indexed read for all of them,
    outside any transaction. Each query is ordered, so that the planner takes the index it
    is ordered by: unordered, PostgreSQL may bet on finding a row early in a scan of the whole
    table."""
    found = read(select(*(query.limit(1).scalar_subquery() for query in queries)))[0]
    return [value is not None for value in found]


def read(statement):
    """The rows of `statement`, read outside any transaction: no BEGIN and COMMIT round trips
    on PostgreSQL, no lock on SQLite."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        return connection.execute(statement).all()


def status_in(action):
    """The job is in a status the state machine lets `action` start from."""
    return Job.status.in_(TRANSITIONS[action][0])


def dialect():
    return postgresql if dialect_of().name == "postgresql" else sqlite
