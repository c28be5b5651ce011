"""The year-round follow-up: every customer with a registered unit is owed one call a year
without having called us (the trade's 全年不间断的电话回访), not only after a job.

Each owner has one row in `annual_visits` (made when their first unit is registered, see
backend.models.hotline): the year whose call is owed next and the day it falls due, a day
spread over the year by a hash of the customer's id. The sweep claims the rows due today,
puts each call in the dispatchers' queue and moves the row on to next year's day. A customer
who had a job in the last ANNUAL_VISIT_QUIET_DAYS (or has one open) heard from us already:
their row waits until the quiet time is over. A day missed while the scheduler was not running
is caught up by the next run, once: the row then moves on to the next day still ahead."""
from datetime import timedelta

from sqlalchemy import bindparam, func, select, update

from backend.bulk import among
from backend.db import db, new_id
from backend.domain.annual_visits import first_slot, quiet_until, slot
from backend.domain.job_states import OPEN_STATUSES, ON_SITE
from backend.models import AnnualVisit, Callback, Job
from backend.services import settings
from backend.services.sweeps.claiming import BATCH, done, pick, sweep
from backend.services.sweeps.writes import insert_rows


@sweep
def queue_annual_visits(now, batch=BATCH):
    """Queue the yearly follow-up calls due today (`annual_visit` callbacks)."""
    today = settings.local_day(now)
    picked = pick(select(AnnualVisit.customer_id).where(AnnualVisit.due_on <= today)
                  .order_by(AnnualVisit.due_on), batch)
    if picked is None:
        return done(queued=0, postponed=0)
    # Claimed by moving each row's year on, in one statement that repeats the due condition.
    claimed = db.session.execute(
        update(AnnualVisit).where(AnnualVisit.customer_id.in_(picked),
                                  AnnualVisit.due_on <= today)
        .values(year=AnnualVisit.year + 1)
        .returning(AnnualVisit.customer_id, AnnualVisit.year)
        .execution_options(synchronize_session=False)).all()
    quiet = _quiet_until(claimed, today)
    queued, moves = [], []
    for customer_id, next_year in claimed:
        if customer_id in quiet:
            moves.append({"id": customer_id, "year": next_year - 1, "due": quiet[customer_id]})
            continue
        queued.append({"id": new_id(), "job_id": None, "customer_id": customer_id,
                       "reason": "annual_visit", "due_at": now, "created_at": now,
                       "dedupe_key": f"annual_visit:{customer_id}:{next_year - 1}"})
        due = slot(customer_id, next_year)
        if due <= today:  # a second missed year is not called twice
            due = first_slot(customer_id, today + timedelta(days=1))
        moves.append({"id": customer_id, "year": due.year, "due": due})
    if queued:
        insert_rows(Callback, queued, ("dedupe_key",))
    db.session.execute(
        update(AnnualVisit.__table__)
        .where(AnnualVisit.__table__.c.customer_id == bindparam("id"))
        .values(year=bindparam("year"), due_on=bindparam("due")), moves)
    return done(queued=len(queued), postponed=len(claimed) - len(queued))


def _quiet_until(claimed, today):
    """{customer id: the first day a yearly call may be made} for the claimed customers who
    had a job within the quiet time or have one open."""
    quiet_days = settings.setting("ANNUAL_VISIT_QUIET_DAYS")
    latest = db.session.execute(
        select(Job.customer_id, func.max(Job.created_at), func.max(Job.completed_at),
               func.count().filter(Job.status.in_((*OPEN_STATUSES, ON_SITE))))
        .where(among(Job.customer_id, [customer_id for customer_id, _ in claimed]))
        .group_by(Job.customer_id)).all()
    quiet = {}
    for customer_id, booked, completed, still_open in latest:
        last = max(moment for moment in (booked, completed) if moment is not None)
        last_day = today if still_open else settings.local_day(last)
        until = quiet_until(last_day, quiet_days)
        if until > today:
            quiet[customer_id] = until
    return quiet
