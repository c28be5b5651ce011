"""What the sweeps write in bulk: timeline events of system actions, outbox rows and the
dispatchers' digests, each a thousand at a time in one statement."""

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY

from backend.db import db
from backend.domain.actors import SYSTEM
from backend.models import JobEvent, Notification, User
from backend.services.notifications import notice
from backend.services.sweeps.claiming import dialect
from backend.services.timeline import event_row

# How many job ids a dispatcher's digest names before it gives the count of the rest.
DIGEST_LISTS = 20


def append_events(jobs, action, now, note_of, point_of=lambda job: None):
    """The timeline event of a system `action` on each job, as timeline.record writes it;
    `jobs` were claimed with their `last_seq`."""
    db.session.execute(insert(JobEvent.__table__), [
        event_row(job.id, job.status, job.last_seq + 1, action, SYSTEM, now, note_of(job),
                  point_of(job)) for job in jobs])


def tell_dispatchers(jobs, now, one, many):
    """One message per network dispatcher and run: about the job, or a digest of several
    (a thousand breaches at a summer peak are one alert, not a thousand pushes each).
    `one(job)` and `many(listed)` give the (template, params) of each."""
    if len(jobs) == 1:
        (template, params), job_id = one(jobs[0]), jobs[0].id
    else:
        listed = ", ".join(job.id for job in jobs[:DIGEST_LISTS])
        if len(jobs) > DIGEST_LISTS:
            listed += f" (+{len(jobs) - DIGEST_LISTS})"
        template, params = many(listed)
        params["count"], job_id = str(len(jobs)), None
    queue([notice(dispatcher, template, params, now, job_id=job_id)
           for dispatcher in _network_dispatchers()])


def _network_dispatchers():
    return list(db.session.scalars(select(User.id).where(
        User.role == "dispatcher", User.service_point_id.is_(None), User.active.is_(True))))


def update_each(table, rows, **same):
    """Set, on each row of `table` whose id is a row of `rows`' "id", that row's other values
    (every row of `rows` has the same keys), and `same` on all of them."""
    if dialect() is postgresql:
        # One statement joining the rows, sent as one array per column: a statement per row,
        # even pipelined, costs the server and the driver each row's round of work.
        names = list(rows[0])
        given = func.unnest(*(bindparam(name, [row[name] for row in rows],
                                        type_=ARRAY(table.c[name].type)) for name in names)
                            ).table_valued(*names).render_derived()
        db.session.execute(update(table).where(table.c.id == given.c.id).values(
            **{name: given.c[name] for name in names if name != "id"}, **same))
        return
    db.session.execute(update(table).where(table.c.id == bindparam("b_id")).values(
        **{name: bindparam(f"b_{name}") for name in rows[0] if name != "id"}, **same),
        [{f"b_{name}": value for name, value in row.items()} for row in rows])


def queue(notices):
    """Put `notices` in the outbox; one whose `dedupe_key` is there already is not repeated."""
    if notices:
        insert_new(Notification, ("dedupe_key",), notices)


def insert_new(model, unique_columns, rows):
    """Insert `rows`, skipping any that would repeat `unique_columns` of an existing row."""
    db.session.execute(dialect().insert(model.__table__).on_conflict_do_nothing(
        index_elements=list(unique_columns)), rows)
