"""The sweeps: what the scheduler does every minute to keep the promises.

Each sweep is a use case of `now`: it claims what has fallen due, acts on the claimed rows in
bulk and commits once. A job's promises are claimed by deleting their run-out clocks from
`promise_clocks` (see PromiseClock); a unit's notices by an indexed UPDATE of the unit. Run
twice, or again after a crash, a sweep does nothing twice and misses nothing:
- a stopped clock is gone with the transaction that acted on it, and a claiming UPDATE
  repeats the due condition, so a row that changed since it was picked (a job accepted a
  moment ago) is left alone; on SQLite the claim takes the write lock before anything is
  read, so nothing read afterwards can be stale;
- SKIP LOCKED lets a second runner on PostgreSQL pass over rows the first one holds;
- one-off notices and callbacks are inserted against unique keys (`dedupe_key`, one callback
  per job and reason), so the database, not a check in Python, refuses a second one.

Job transitions follow the state machine of backend.domain.job_states, as timeline.record does,
but a thousand jobs at a time: one grouped query finds each job's next timeline seq and one
executemany writes the events."""
import functools
import time
from datetime import date, timedelta

from sqlalchemy import (bindparam, delete, func, insert, literal_column, select, text,
                        update)
from sqlalchemy.dialects import postgresql, sqlite

from backend.db import db, new_id
from backend.domain.actors import SYSTEM
from backend.domain.job_states import TRANSITIONS, event_name, next_status
from backend.domain.promises import AT_RISK, BREACH, FEEDBACK, RESPOND, respond_by_after
from backend.domain.warranty import add_months
from backend.models import (Callback, Job, JobEvent, Notification, PromiseClock, RevokedToken,
                            ServicePoint, Unit, User)
from backend.services import accounts, idempotency, settings
from backend.services.notifications import job_offered_text
from backend.services.placement import jobs_on_days, lock_points, network_index

# Rows one run acts on: enough for any minute of a summer peak, small enough for one quick
# transaction; a bigger backlog is worked off by the following runs.
BATCH = 1000
# Deliveries wait on the outside world, so a run takes fewer of them.
DELIVERY_BATCH = 200
# Dates and times in messages, as the network's people read them.
_local = functools.partial(settings.local_clock, with_date=True)
# How many job ids a dispatcher's digest names before it says "and N more".
DIGEST_LISTS = 20
RETRY_FIRST_SECONDS = 30
RETRY_MAX_SECONDS = 3600


def sweep(function):
    """A sweep's transaction commits without waiting for the disk. Work lost to a power cut is
    simply claimed and done again by the next run (every sweep is idempotent), so the
    scheduler need not wait for the disk at each run as a booking must; a crash of the
    process itself loses nothing either way."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if _dialect() is sqlite:
            # Set before the transaction begins (SQLite refuses it inside one). In WAL mode
            # NORMAL syncs at checkpoints instead of at every commit. PostgreSQL is told
            # at the commit (`_done`).
            db.session.execute(text("PRAGMA synchronous=NORMAL"))
        return function(*args, **kwargs)
    return wrapper


# --- the sweeps ------------------------------------------------------------------------------

@sweep
def move_unanswered(now, batch=BATCH):
    """Jobs no point accepted by `respond_by` move to the next-nearest eligible point (never
    back to one that let them lapse); with none left they wait, pending, for a dispatcher."""
    claimed = _claim_jobs(RESPOND, now, batch, (_status_in("lapsed"),), {"updated_at": now},
                          (Job.id, Job.status, Job.customer_id, Job.service_point_id, Job.lat,
                           Job.lon, Job.service, Job.brand, Job.service_day, _last_seq()))
    if not claimed:
        return _done(moved=0, pending=0)
    moves, stranded = _place_elsewhere(claimed)
    names = _point_names({job.service_point_id for job in claimed}
                         | {found.site.id for _, found in moves})
    respond_by = respond_by_after(now, settings.promise_policy())
    _move(moves, respond_by, now, names)
    _strand(stranded, now, names)
    return _done(moved=len(moves), pending=len(stranded))


@sweep
def flag_at_risk(now, batch=BATCH):
    """Jobs with 75 % of the time to `on_site_by` gone and no arrival (or an ETA past it) are
    at risk: dispatchers see it and the customer hears once that the visit is running late."""
    claimed = _claim_jobs(AT_RISK, now, batch, (Job.at_risk_at.is_(None),
                                                 Job.arrived_at.is_(None), _status_in("at_risk")),
                          {"at_risk_at": now, "updated_at": now},
                          (Job.id, Job.status, Job.customer_id, Job.service, Job.on_site_by,
                           Job.eta, _last_seq(), _told_running_late()))
    if not claimed:
        return _done(flagged=0, warned=0)
    _append_events(claimed, "at_risk", now, lambda job: (
        "The technician's ETA is past the promised time." if job.eta and job.eta > job.on_site_by
        else "Most of the time to the promised visit has gone with no arrival."))
    notices = [_notice(job.customer_id, "running_late",
                       f"Your {job.service} visit may be later than we promised "
                       f"({_local(job.on_site_by)}). We are on it and will keep you posted.",
                       now, job_id=job.id, dedupe_key=f"running_late:{job.id}")
               for job in claimed if not job.told]
    _queue(notices)
    return _done(flagged=len(claimed), warned=len(notices))


@sweep
def record_breaches(now, batch=BATCH):
    """Jobs whose `on_site_by` has passed with no arrival: the breach is recorded once, network
    dispatchers are told, and a goodwill gesture is suggested for a dispatcher to confirm."""
    gesture = settings.setting("GOODWILL_SUGGESTION")
    claimed = _claim_jobs(BREACH, now, batch, (Job.breached_at.is_(None),
                                               Job.arrived_at.is_(None), _status_in("breached")),
                          {"breached_at": now, "goodwill_suggestion": gesture, "updated_at": now},
                          (Job.id, Job.status, Job.on_site_by, _last_seq()))
    if not claimed:
        return _done(breached=0)
    _append_events(claimed, "breached", now, lambda job: (
        f"The promise to be on site by {_local(job.on_site_by)} is broken; suggested "
        f"goodwill: {gesture}."))
    _tell_dispatchers("promise_breached", claimed, now, lambda job: (
        f"Job {job.id} missed its on-site promise ({_local(job.on_site_by)}). "
        f"Suggested goodwill: {gesture}."), lambda count: (
        f"{count} jobs missed their on-site promise; suggested goodwill for each: {gesture}."))
    return _done(breached=len(claimed))


@sweep
def queue_silent_feedback(now, batch=BATCH):
    """No answer to the satisfaction request by `feedback_due_at` puts a follow-up call in
    the dispatchers' queue."""
    claimed = _claim_jobs(FEEDBACK, now, batch, (Job.feedback_due_at.is_not(None),),
                          {"feedback_due_at": None}, (Job.id,))
    if claimed:
        _insert_new(Callback, ("job_id", "reason"), [
            {"id": new_id(), "job_id": job.id, "reason": "no_feedback", "due_at": now,
             "created_at": now} for job in claimed])
    return _done(callbacks=len(claimed))


@sweep
def announce_warranty_expiry(now, batch=BATCH):
    """A `warranty_expiring` notice when a unit's whole-unit term has its last 30 days."""
    today = settings.local_day(now)
    claimed = _claim(Unit, (Unit.warranty_notice_on.is_not(None),
                            Unit.warranty_notice_on <= today), Unit.warranty_notice_on,
                     {"warranty_notice_on": None},
                     (Unit.id, Unit.owner_id, Unit.brand, Unit.model, Unit.whole_unit_until),
                     batch)
    # A unit registered after its term ended is past telling.
    notices = [_notice(unit.owner_id, "warranty_expiring",
                       f"The whole-unit warranty of your {unit.brand} {unit.model} ends on "
                       f"{unit.whole_unit_until.isoformat()}. Book a check-up before then.",
                       now, unit_id=unit.id,
                       dedupe_key=f"warranty_expiring:{unit.id}:{unit.whole_unit_until}")
               for unit in claimed if unit.whole_unit_until >= today]
    _queue(notices)
    return _done(announced=len(notices), already_over=len(claimed) - len(notices))


@sweep
def offer_seasonal_cleaning(now, batch=BATCH):
    """From the configured day (in the network's time zone) until the year ends, owners of
    units installed more than a year before that day get one cleaning offer per unit; a big
    base is worked off `batch` units per run."""
    today = settings.local_day(now)
    offer_day = cleaning_offer_day(today.year)
    if today < offer_day:
        return _done(offered=0)
    season, installed_before = today.year, add_months(offer_day, -12)
    claimed = []
    for not_offered in (Unit.cleaning_offered_season.is_(None),
                        Unit.cleaning_offered_season < season):
        if len(claimed) < batch:
            claimed += _claim(Unit, (not_offered, Unit.installed_on < installed_before),
                              (Unit.cleaning_offered_season, Unit.installed_on),
                              {"cleaning_offered_season": season},
                              (Unit.id, Unit.owner_id, Unit.brand, Unit.model),
                              batch - len(claimed))
    _queue([_notice(unit.owner_id, "seasonal_cleaning",
                    f"Summer is coming: book a cleaning for your {unit.brand} {unit.model} "
                    f"before the heat, for cool air that is clean.", now, unit_id=unit.id,
                    dedupe_key=f"seasonal_cleaning:{unit.id}:{season}")
            for unit in claimed])
    return _done(offered=len(claimed))


def cleaning_offer_day(year):
    month, day = (int(part) for part in settings.setting("SEASONAL_CLEANING_DATE").split("-"))
    return date(year, month, day)


@sweep
def deliver_notifications(now, send, batch=DELIVERY_BATCH, budget_seconds=None,
                          clock=time.monotonic):
    """Hand due outbox messages to `send(message)`; one that fails is tried again later, each
    time later (exponential backoff, capped) and never dropped. `budget_seconds` stops a run
    that a slow receiver drags out, leaving the rest for the next run."""
    # Read outside a transaction: no lock and no snapshot is held while the outside world
    # answers.
    rows = _read(
        select(Notification.id, Notification.user_id, User.phone, Notification.kind,
               Notification.job_id, Notification.unit_id, Notification.text,
               Notification.created_at, Notification.attempts)
        .join(User, User.id == Notification.user_id)
        .where(Notification.delivered_at.is_(None), Notification.next_attempt_at <= now)
        .order_by(Notification.next_attempt_at).limit(batch))
    delivered, failed = [], []
    started = clock()
    for row in rows:
        if budget_seconds is not None and clock() - started > budget_seconds:
            break
        try:
            send(_message(row))
        except Exception as error:  # noqa: BLE001  any failure of the receiver is retried
            failed.append({"b_id": row.id, "b_attempts": row.attempts + 1,
                           "b_error": f"{type(error).__name__}: {error}"[:2000],
                           "b_next": now + retry_delay(row.attempts + 1)})
        else:
            delivered.append(row.id)
    table = Notification.__table__
    if delivered:
        # One statement for the lot: the usual case, and a round trip a row on PostgreSQL.
        db.session.execute(update(table).where(
            table.c.id.in_(delivered), table.c.delivered_at.is_(None)).values(
            delivered_at=now, attempts=table.c.attempts + 1))
    undelivered = (table.c.id == bindparam("b_id")) & table.c.delivered_at.is_(None)
    if failed:
        db.session.execute(update(table).where(undelivered).values(
            attempts=bindparam("b_attempts"), last_error=bindparam("b_error"),
            next_attempt_at=bindparam("b_next")), failed)
    return _done(delivered=len(delivered), failed=len(failed),
                 left=len(rows) - len(delivered) - len(failed))


def retry_delay(attempts):
    """Wait 30 s after the first failure, doubling each time, never more than an hour."""
    return timedelta(seconds=min(RETRY_FIRST_SECONDS * 2 ** (attempts - 1), RETRY_MAX_SECONDS))


@sweep
def clean_up(now):
    """Forget idempotency keys past their keeping time, revoked tokens past their expiry and
    wrong passwords too old to hold logins off."""
    keys = idempotency.purge(now, settings.setting("IDEMPOTENCY_KEEP_HOURS"))
    tokens = db.session.execute(delete(RevokedToken.__table__).where(
        RevokedToken.__table__.c.expires_at < now)).rowcount
    if _dialect() is sqlite:
        # Without statistics SQLite may prefer another index to the ones the sweeps read;
        # `optimize` analyses only the tables whose statistics have gone stale.
        db.session.execute(text("PRAGMA optimize"))
    return _done(idempotency_keys=keys, revoked_tokens=tokens,
                 failed_logins=accounts.forget_failed_logins(now))


# --- claiming and acting in bulk --------------------------------------------------------------

def _claim_jobs(kind, now, batch, still_due, values, returning):
    """Stop up to `batch` clocks of `kind` that have run out, earliest first, and set `values`
    on their jobs; the jobs' `returning` columns as they are after the change.

    `still_due` repeats, on the job, what keeps the clock running: a clock and its job change
    in one transaction, so the two agree, and the repeat costs nothing."""
    clocks = PromiseClock.__table__
    # Each clock is locked with its job, and one whose job a request holds is passed over: a
    # request locks its job before it winds the job's clocks, so a run that waited for the
    # job while holding the clock would deadlock with it.
    picked = _pick(select(clocks.c.job_id).join(Job.__table__, Job.id == clocks.c.job_id)
                   .where(clocks.c.kind == kind, _ran_out(kind, clocks.c.due_at, now))
                   .order_by(clocks.c.due_at), batch, of=(clocks, Job.__table__))
    if picked is None:
        return []
    stopped = db.session.scalars(delete(clocks).where(
        clocks.c.kind == kind, clocks.c.job_id.in_(picked)).returning(clocks.c.job_id)).all()
    if not stopped:
        return []
    return db.session.execute(
        update(Job).where(Job.id.in_(stopped), *still_due).values(**values)
        .returning(*returning).execution_options(synchronize_session=False)).all()


def _ran_out(kind, due_at, now):
    # A promise is broken once its time has passed; the other clocks run out at their time.
    return due_at < now if kind == BREACH else due_at <= now


def _claim(model, due, order_by, values, returning, batch):
    """Set `values` on up to `batch` rows meeting `due`, earliest due first, and return their
    `returning` columns as they are after the change."""
    order_by = order_by if isinstance(order_by, tuple) else (order_by,)
    picked = _pick(select(model.id).where(*due).order_by(*order_by), batch)
    if picked is None:
        return []
    return db.session.execute(
        update(model).where(model.id.in_(picked), *due).values(**values)
        .returning(*returning).execution_options(synchronize_session=False)).all()


def _pick(query, batch, of=None):
    """The first `batch` ids `query` selects, locked (rows of `of`, or of its table) for the
    claiming statement they are the subquery of: a second runner passes over them. None when
    the query selects nothing."""
    # Most runs find nothing, and then this one indexed read, made outside the transaction,
    # is all they cost; a row falling due just after it is the next run's. The query is
    # ordered, so that the planner takes the index the pick takes: unordered, PostgreSQL may
    # bet on finding a row early in a scan of the whole table.
    if not _read(query.limit(1)):
        return None
    picked = query.limit(batch).with_for_update(skip_locked=True, of=of)
    if _dialect() is postgresql:
        # Materialized, so the pick is made once: as a plain IN (subquery) PostgreSQL may run
        # it again for each row it changes, and LIMIT with SKIP LOCKED then picks more.
        cte = picked.cte("picked").prefix_with("MATERIALIZED")
        return select(cte.c[0])
    # SQLite runs an IN (subquery) once; and Python's sqlite3 opens the transaction only
    # before a statement that starts with UPDATE or DELETE, so a WITH in front would
    # autocommit.
    return picked.scalar_subquery()


def _read(statement):
    """The rows of `statement`, read outside any transaction: no BEGIN and COMMIT round trips
    on PostgreSQL, no lock on SQLite."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        return connection.execute(statement).all()


def _status_in(action):
    """The job is in a status the state machine lets `action` start from."""
    return Job.status.in_(TRANSITIONS[action][0])


# Spelled out: SQLAlchemy writes RETURNING columns unqualified, and a bare `id` inside a
# subquery would name the subquery's own table.
_CLAIMED_JOB_ID = literal_column("jobs.id")


def _last_seq():
    """A claimed job's last timeline seq, read by the claim itself rather than by one more
    query (a round trip and a thousand index probes) before the events are written."""
    return (select(func.coalesce(func.max(JobEvent.seq), 0))
            .where(JobEvent.job_id == _CLAIMED_JOB_ID).scalar_subquery().label("last_seq"))


def _told_running_late():
    """Whether the customer already heard the visit runs late (a technician's delay report
    tells them), read by the claim."""
    return (select(Notification.id).where(Notification.job_id == _CLAIMED_JOB_ID,
                                          Notification.kind == "running_late")
            .exists().label("told"))


def _append_events(jobs, action, now, note_of, point_of=lambda job: None):
    """The timeline event of a system `action` on each job, as timeline.record writes it;
    `jobs` were claimed with their `_last_seq`."""
    db.session.execute(insert(JobEvent.__table__), [
        {"id": new_id(), "job_id": job.id, "seq": job.last_seq + 1, "at": now,
         "event": event_name(action), "status": next_status(job.status, action, SYSTEM.role),
         "actor_role": SYSTEM.role, "actor_id": None, "service_point_id": point_of(job),
         "note": note_of(job)} for job in jobs])


def _place_elsewhere(jobs):
    """For each job, the nearest eligible point with capacity left that has not let it lapse:
    the (job, Candidate) moves, and the jobs stranded with no such point."""
    lapsed = _points_that_let_lapse([job.id for job in jobs])
    refused = {job.id: lapsed.get(job.id, set()) | {job.service_point_id} for job in jobs}
    index = network_index()
    # First each job's nearest point, capacity aside, so that one query counts the jobs
    # those points already have on those days; a job whose point turns out full looks again.
    nearest = {job.id: index.nearest(job.lat, job.lon, job.service, job.brand,
                                     accept=lambda site, job=job: site.id not in refused[job.id])
               for job in jobs}
    capacity = _Capacity({(found.site.id, job.service_day) for job in jobs
                          if (found := nearest[job.id]) is not None})
    moves, stranded = [], []
    for job in jobs:
        found = nearest[job.id]
        if found is not None and not capacity.left(found.site, job.service_day):
            found = index.nearest(job.lat, job.lon, job.service, job.brand, accept=lambda site: (
                site.id not in refused[job.id] and capacity.left(site, job.service_day)))
        if found is None:
            stranded.append(job)
        else:
            capacity.take(found.site, job.service_day)
            moves.append((job, found))
    return moves, stranded


def _move(moves, respond_by, now, names):
    if not moves:
        return
    table = Job.__table__
    db.session.execute(update(table).where(table.c.id == bindparam("b_id")).values(
        service_point_id=bindparam("b_point"), distance_km=bindparam("b_km"),
        technician_id=None, respond_by=respond_by), [
        {"b_id": job.id, "b_point": found.site.id, "b_km": round(found.distance_km, 3)}
        for job, found in moves])
    # The new point's clock to answer, as wind_clocks would start it for the moved job.
    db.session.execute(insert(PromiseClock.__table__), [
        {"job_id": job.id, "kind": RESPOND, "due_at": respond_by} for job, _ in moves])
    to = {job.id: found for job, found in moves}
    _append_events([job for job, _ in moves], "lapsed", now, lambda job: (
        f"{names[job.service_point_id][0]} did not answer in time; moved to "
        f"{names[to[job.id].site.id][0]}, {to[job.id].distance_km:.1f} km away."),
        point_of=lambda job: job.service_point_id)
    technicians = _technicians_of({found.site.id for _, found in moves})
    notices = []
    for job, found in moves:
        name, phone = names[found.site.id]
        notices.append(_notice(
            job.customer_id, "assigned",
            f"{names[job.service_point_id][0]} could not take your {job.service} job, so it is "
            f"now with {name} ({phone}); they will answer by {_local(respond_by)}.",
            now, job_id=job.id))
        notices += [_notice(technician, "job_offered",
                            job_offered_text(job, found.distance_km), now, job_id=job.id)
                    for technician in technicians.get(found.site.id, ())]
    _queue(notices)


def _strand(stranded, now, names):
    if not stranded:
        return
    table = Job.__table__
    status = {next_status(job.status, "lapsed_pending", SYSTEM.role) for job in stranded}
    assert len(status) == 1, "every stranded job was claimed in the same status"
    db.session.execute(update(table).where(table.c.id.in_([job.id for job in stranded])).values(
        status=status.pop(), service_point_id=None, distance_km=None, technician_id=None,
        respond_by=None))
    _append_events(stranded, "lapsed_pending", now, lambda job: (
        f"{names[job.service_point_id][0]} did not answer in time and no other eligible "
        f"service point is left; waiting for a dispatcher."),
        point_of=lambda job: job.service_point_id)
    _tell_dispatchers("job_pending", stranded, now, lambda job: (
        f"Job {job.id} needs a service point: none of the eligible ones answered."),
        lambda count: f"{count} jobs need a service point: none of the eligible ones answered.")


def _tell_dispatchers(kind, jobs, now, one, many):
    """One message per network dispatcher and run: about the job, or a digest of several
    (a thousand breaches at a summer peak are one alert, not a thousand pushes each)."""
    if len(jobs) == 1:
        text_, job_id = one(jobs[0]), jobs[0].id
    else:
        listed = ", ".join(job.id for job in jobs[:DIGEST_LISTS])
        more = f" and {len(jobs) - DIGEST_LISTS} more" if len(jobs) > DIGEST_LISTS else ""
        text_, job_id = f"{many(len(jobs))} Jobs: {listed}{more}.", None
    _queue([_notice(dispatcher, kind, text_, now, job_id=job_id)
            for dispatcher in _network_dispatchers()])


class _Capacity:
    """Jobs per point and day, counted once per run as placement counts them (under a lock on
    the point, so that a booking racing the run for a point's last slot waits for it) and kept
    up to date as the run places jobs."""

    def __init__(self, pairs):
        self.taken = {}
        self.count(pairs)

    def count(self, pairs):
        pairs = set(pairs) - self.taken.keys()
        if pairs:
            lock_points({point for point, _ in pairs})
            self.taken.update(jobs_on_days(pairs))

    def left(self, site, day):
        self.count({(site.id, day)})
        return self.taken[(site.id, day)] < site.daily_capacity

    def take(self, site, day):
        self.taken[(site.id, day)] += 1


def _points_that_let_lapse(job_ids):
    found = {}
    for job_id, point_id in db.session.execute(
            select(JobEvent.job_id, JobEvent.service_point_id)
            .where(JobEvent.job_id.in_(job_ids), JobEvent.event == "lapsed")):
        found.setdefault(job_id, set()).add(point_id)
    return found


def _point_names(point_ids):
    return {row.id: (row.name, row.phone) for row in db.session.execute(
        select(ServicePoint.id, ServicePoint.name, ServicePoint.phone)
        .where(ServicePoint.id.in_(point_ids)))}


def _technicians_of(point_ids):
    found = {}
    for user_id, point_id in db.session.execute(
            select(User.id, User.service_point_id).where(
                User.service_point_id.in_(point_ids), User.role == "technician",
                User.active.is_(True))):
        found.setdefault(point_id, []).append(user_id)
    return found


def _network_dispatchers():
    return list(db.session.scalars(select(User.id).where(
        User.role == "dispatcher", User.service_point_id.is_(None), User.active.is_(True))))


# --- the outbox -------------------------------------------------------------------------------

def _notice(user_id, kind, text_, now, job_id=None, unit_id=None, dedupe_key=None):
    """An outbox row as notifications.notify writes it, ready for one bulk insert."""
    return {"id": new_id(), "user_id": user_id, "kind": kind, "job_id": job_id,
            "unit_id": unit_id, "text": text_, "created_at": now, "next_attempt_at": now,
            "attempts": 0, "dedupe_key": dedupe_key}


def _queue(notices):
    if notices:
        _insert_new(Notification, ("dedupe_key",), notices)


def _insert_new(model, unique_columns, rows):
    """Insert `rows`, skipping any that would repeat `unique_columns` of an existing row."""
    db.session.execute(_dialect().insert(model.__table__).on_conflict_do_nothing(
        index_elements=list(unique_columns)), rows)


def _dialect():
    return postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite


def _message(row):
    """What a sender hands on: the id doubles as the receiver's idempotency key, because a
    crash between sending and recording it sends the message once more."""
    return {"id": row.id, "user_id": row.user_id, "phone": row.phone, "kind": row.kind,
            "job_id": row.job_id, "unit_id": row.unit_id, "text": row.text,
            "created_at": row.created_at.isoformat().replace("+00:00", "Z"),
            "attempt": row.attempts + 1}


def _done(**counts):
    if any(counts.values()) and _dialect() is postgresql:
        # Asked only when there is work to commit: a round trip costs as much as an idle run.
        db.session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    db.session.commit()
    return counts

