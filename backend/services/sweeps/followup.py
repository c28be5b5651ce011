"""The follow-up sweeps: a callback for a silent customer, the warranty's end announced, a
cleaning offered before each cooling season."""
from datetime import date

from backend.db import new_id
from backend.domain.promises import FEEDBACK
from backend.domain.warranty import add_months
from backend.models import Callback, Job, Unit
from backend.services import settings
from backend.services.sweeps.claiming import (BATCH, any_due, claim, claim_jobs, done, due_rows,
                                              sweep)
from backend.services.notifications import notice
from backend.services.sweeps.writes import insert_new, queue


@sweep
def queue_silent_feedback(now, batch=BATCH):
    """No answer to the satisfaction request by `feedback_due_at` puts a follow-up call in
    the dispatchers' queue."""
    claimed = claim_jobs(FEEDBACK, now, batch, (Job.feedback_due_at.is_not(None),),
                         {"feedback_due_at": None}, (Job.id, Job.customer_id))
    if claimed:
        insert_new(Callback, ("job_id", "reason"), [
            {"id": new_id(), "job_id": job.id, "customer_id": job.customer_id,
             "reason": "no_feedback", "due_at": now, "created_at": now} for job in claimed])
    return done(callbacks=len(claimed))


@sweep
def announce_warranty_expiry(now, batch=BATCH):
    """A `warranty_expiring` notice when a unit's whole-unit term has its last 30 days."""
    today = settings.local_day(now)
    claimed = claim(Unit, (Unit.warranty_notice_on.is_not(None),
                           Unit.warranty_notice_on <= today), Unit.warranty_notice_on,
                    {"warranty_notice_on": None},
                    (Unit.id, Unit.owner_id, Unit.brand, Unit.model, Unit.whole_unit_until),
                    batch)
    # A unit registered after its term ended is past telling.
    notices = [notice(unit.owner_id, "warranty_expiring",
                      {"brand": unit.brand, "model": unit.model, "until": unit.whole_unit_until},
                      now, unit_id=unit.id,
                      dedupe_key=f"warranty_expiring:{unit.id}:{unit.whole_unit_until}")
               for unit in claimed if unit.whole_unit_until >= today]
    queue(notices)
    return done(announced=len(notices), already_over=len(claimed) - len(notices))


@sweep
def offer_seasonal_cleaning(now, batch=BATCH):
    """From the configured day (in the network's time zone) until the year ends, owners of
    units in use for more than a year before that day (installed, or bought when no install
    is recorded) get one cleaning offer per unit; a big base is worked off `batch` units per
    run."""
    today = settings.local_day(now)
    offer_day = cleaning_offer_day(today.year)
    if today < offer_day:
        return done(offered=0)
    season, in_use_before = today.year, add_months(offer_day, -12)
    # A unit is in use from its install, or from its purchase when no install was recorded
    # (a unit registered by its owner often has none).
    in_use = ((Unit.installed_on < in_use_before,),
              (Unit.installed_on.is_(None), Unit.purchased_on < in_use_before))
    # Each pairing of the conditions reads its own stretch of the index; which of them has
    # units due is asked in one read.
    due = [(not_offered, *in_use_long_enough)
           for not_offered in (Unit.cleaning_offered_season.is_(None),
                               Unit.cleaning_offered_season < season)
           for in_use_long_enough in in_use]
    order_by = (Unit.cleaning_offered_season, Unit.installed_on)
    claimed = []
    for condition, found in zip(due, any_due([due_rows(Unit, c, order_by) for c in due])):
        if found and len(claimed) < batch:
            claimed += claim(Unit, condition, order_by, {"cleaning_offered_season": season},
                             (Unit.id, Unit.owner_id, Unit.brand, Unit.model),
                             batch - len(claimed), probe=False)
    queue([notice(unit.owner_id, "seasonal_cleaning",
                  {"brand": unit.brand, "model": unit.model}, now, unit_id=unit.id,
                  dedupe_key=f"seasonal_cleaning:{unit.id}:{season}")
           for unit in claimed])
    return done(offered=len(claimed))


def cleaning_offer_day(year):
    """The day of `year` the cleaning offers start (the SEASONAL_CLEANING_DATE setting)."""
    month, day = (int(part) for part in settings.setting("SEASONAL_CLEANING_DATE").split("-"))
    return date(year, month, day)
