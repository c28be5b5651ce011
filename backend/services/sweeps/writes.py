"""What the sweeps write in bulk: timeline events of system actions, outbox rows and the
dispatchers' digests, each a thousand at a time in one statement.

Rows that restate what the claimed rows hold (a job's at-risk, breach or lapse event, its
at-risk or moved notice and the new point's offers, a unit's warranty or cleaning notice, a
silent customer's callback) are made by the database from those rows (`append_events_of`,
`queue_of`, `insert_made_from`): Python makes only their ids, and carries what the database
cannot make (a lapse's point names and distances). The dispatchers' digests are made in
Python (`queue`) and sent as one JSON array (backend.bulk)."""

from sqlalchemy import case, literal, null, select, update

from backend.bulk import inserting, json_params, unnested
from backend.db import UTCDateTime, db, new_ids
from backend.domain.actors import SYSTEM
from backend.domain.job_states import TRANSITIONS, check_role, event_name
from backend.i18n.templates import TEMPLATES, check_params
from backend.models import Job, JobEvent, Notification
from backend.models.touches import touch, touch_inserted
from backend.services.notifications import network_dispatchers, notice
from backend.services.sweeps.claiming import dialect
from backend.services.timeline import next_seq

# How many job ids a dispatcher's digest names before it gives the count of the rest.
DIGEST_LISTS = 20


def append_events_of(job_ids, action, now, notes, params=None, point=None, carrying=None):
    """The timeline event of a system `action` on each of the jobs `job_ids`, as
    timeline.record writes it, made by the database from the jobs' rows. The note is the
    first of `notes`, (template, SQL condition on the job or None for always), whose
    condition holds; `params` are its params (name: SQL on the job, a value, or a `carried`
    value of `carrying`), the same for each template; `point` the point the event names
    (SQL on the job, or `carried`). The jobs are in a status `action` may start from: their
    claim saw to it."""
    check_role(action, SYSTEM.role)
    params = params or {}
    for template, _ in notes:
        check_params(template, params)
    _, leads_to, _ = TRANSITIONS[action]
    *cases, (otherwise, _) = notes
    insert_made_from(JobEvent, Job, job_ids, lambda given: {
        "seq": next_seq(Job.id), "at": literal(now, UTCDateTime()),
        "event": literal(event_name(action)),
        "status": Job.status if leads_to is None else literal(leads_to),
        "actor_role": literal(SYSTEM.role),
        "note_template": case(*((condition, template) for template, condition in cases),
                              else_=otherwise) if cases else literal(otherwise),
        "note_params": json_params(_read(params, given)),
        "service_point_id": null() if point is None else _read(point, given)}, carrying=carrying)
    touch(jobs=job_ids)


def queue_of(model, ids, template, params, user, now, where=(), dedupe_key=None, carrying=None):
    """The notice `template` about each row of `model` (Job or Unit) whose id is one of
    `ids` and that meets `where`, to `user` with `params` (SQL on the row, values, or
    `carried` values of `carrying`), made by the database from the rows; one whose
    `dedupe_key` (SQL on the row) is in the outbox already is not repeated. How many were
    queued."""
    check_params(template, params)
    queued = insert_made_from(Notification, model, ids, lambda given: {
        "user_id": _read(user, given), "kind": literal(TEMPLATES[template].kind),
        "template": literal(template), "params": json_params(_read(params, given)),
        "created_at": literal(now, UTCDateTime()), "next_attempt_at": literal(now, UTCDateTime()),
        "attempts": literal(0), "dedupe_key": null() if dedupe_key is None else dedupe_key},
        where, unique_columns=("dedupe_key",), carrying=carrying)
    if queued:
        touch(jobs=ids if model is Job else (), moments=[now])
    return queued


def insert_made_from(model, source, ids, values, where=(), unique_columns=None, carrying=None):
    """Insert a row of `model` for each of `ids` (ids of `source` rows, Job or Unit; one
    given twice makes two rows) whose source row meets `where`, made by the database:
    `values` are its columns (SQL on the source row, or values), or a function of `given`
    (the rows being made, as a table) that returns them; its id is made here and its job_id
    or unit_id is the source row's. `carrying` holds what the database cannot make, as
    {name: a value for each of `ids`, in their order}: read as `given.c.<name>`, or through
    `carried(name)` by the functions built on this one. With `unique_columns`, a row that
    would repeat them in an existing row is left out. How many were inserted. The caller
    says what the rows touch."""
    about = "job_id" if source is Job else "unit_id"
    carrying = carrying or {}
    given = unnested(model.__table__, [
        {"id": made_id, about: row_id, **{name: each[i] for name, each in carrying.items()}}
        for i, (made_id, row_id) in enumerate(zip(new_ids(len(ids)), ids))]).subquery()
    made = {"id": given.c.id, about: source.id,
            **(values(given) if callable(values) else values)}
    statement = dialect().insert(model.__table__).from_select(
        list(made), select(*made.values()).join_from(given, source, source.id == given.c[about])
        .where(*where))
    if unique_columns:
        statement = statement.on_conflict_do_nothing(index_elements=list(unique_columns))
    # On the session's connection, as insert_rows writes; counted from RETURNING, as a driver
    # may not know how many rows an INSERT ... SELECT made.
    return len(db.session.connection().execute(
        statement.returning(model.__table__.c.id)).all())


def carried(name):
    """A value of `params` (or the `user`, or the `point`) that each row takes from what its
    caller carries for it under `name` (see `insert_made_from`)."""
    return lambda given: given.c[name]


def _read(value, given):
    """`value`, or each value of a dict of them, with the `carried` ones read from `given`."""
    if isinstance(value, dict):
        return {name: _read(each, given) for name, each in value.items()}
    return value(given) if callable(value) else value


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
           for dispatcher in network_dispatchers()])


def update_each(table, rows, **same):
    """Set, on each row of `table` whose id is a row of `rows`' "id", that row's other values
    (every row of `rows` has the same keys), and `same` on all of them: one statement."""
    given = unnested(table, rows).subquery()
    db.session.execute(update(table).where(table.c.id == given.c.id).values(
        **{name: given.c[name] for name in rows[0] if name != "id"}, **same))


def queue(notices):
    """Put `notices` in the outbox; one whose `dedupe_key` is there already is not repeated."""
    if notices:
        insert_rows(Notification, notices, ("dedupe_key",))


def insert_rows(model, rows, unique_columns=None):
    """Insert `rows` (dicts with the same keys) in one statement; with `unique_columns`, skip
    any that would repeat them in an existing row. The rows count in the reports as rows
    the session inserts do (`touch_inserted`)."""
    if not rows:
        return
    statement, bound = inserting(dialect().insert(model.__table__), rows)
    if unique_columns:
        statement = statement.on_conflict_do_nothing(index_elements=list(unique_columns))
    # On the session's connection: the session's own hook would see arrays, not rows.
    db.session.connection().execute(statement, bound)
    touch_inserted(model, rows)
