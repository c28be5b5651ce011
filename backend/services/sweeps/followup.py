"""The follow-up sweeps: a callback for a silent customer, the warranty's end announced, a
cleaning offered before each cooling season."""
from datetime import date

from sqlalchemy import literal

from backend.bulk import iso_day
from backend.db import UTCDateTime
from backend.domain.promises import FEEDBACK
from backend.domain.warranty import add_months
from backend.models import Callback, Job, Unit
from backend.models.touches import touch
from backend.services import settings
from backend.services.sweeps.claiming import (BATCH, any_due, claim, claim_jobs, done, due_rows,
                                              sweep)
from backend.services.sweeps.writes import insert_made_from, queue_of


@sweep
def queue_silent_feedback(now, batch=BATCH):
    """No answer to the satisfaction request by `feedback_due_at` puts a follow-up call in
    the dispatchers' queue."""
    claimed = claim_jobs(FEEDBACK, now, batch, (Job.feedback_due_at.is_not(None),),
                         {"feedback_due_at": None}, (Job.id,))
    if claimed:
        job_ids = [job.id for job in claimed]
        insert_made_from(Callback, Job, job_ids, {
            "customer_id": Job.customer_id, "reason": literal("no_feedback"),
            "due_at": literal(now, UTCDateTime()), "created_at": literal(now, UTCDateTime())},
            unique_columns=("job_id", "reason"))
        touch(jobs=job_ids, moments=[now])
    return done(callbacks=len(claimed))


@sweep
def announce_warranty_expiry(now, batch=BATCH):
    """A `warranty_expiring` notice when a unit's whole-unit term has its last 30 days."""
    today = settings.local_day(now)
    claimed = claim(Unit, (Unit.warranty_notice_on.is_not(None),
                           Unit.warranty_notice_on <= today), Unit.warranty_notice_on,
                    {"warranty_notice_on": None}, (Unit.id, Unit.whole_unit_until), batch)
    if not claimed:
        return done(announced=0, already_over=0)
    # A unit registered after its term ended is past telling.
    announced = queue_of(Unit, [unit.id for unit in claimed], "warranty_expiring", {
        "brand": Unit.brand, "model": Unit.model, "until": Unit.whole_unit_until},
        Unit.owner_id, now, where=(Unit.whole_unit_until >= today,),
        dedupe_key=literal("warranty_expiring:") + Unit.id + ":"
        + iso_day(Unit.whole_unit_until))
    return done(announced=announced,
                already_over=sum(unit.whole_unit_until < today for unit in claimed))


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
                             (Unit.id,), batch - len(claimed), probe=False)
    if not claimed:
        return done(offered=0)
    return done(offered=queue_of(
        Unit, [unit.id for unit in claimed], "seasonal_cleaning",
        {"brand": Unit.brand, "model": Unit.model}, Unit.owner_id, now,
        dedupe_key=literal("seasonal_cleaning:") + Unit.id + f":{season}"))


def cleaning_offer_day(year):
    """The day of `year` the cleaning offers start (the SEASONAL_CLEANING_DATE setting)."""
    month, day = (int(part) for part in settings.setting("SEASONAL_CLEANING_DATE").split("-"))
    return date(year, month, day)
