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
executemany writes the events.

The modules mirror the tests: `claiming` (what has fallen due, and the sweep's transaction),
`promises` (lapse, at risk, breach; `reassignment` finds a lapsed job's next point),
`followup` (silence, warranty, cleaning), `annual_visits` (the yearly call), `delivery`, `housekeeping`; `writes` holds the bulk
writes they share."""
from backend.services.sweeps.annual_visits import queue_annual_visits
from backend.services.sweeps.claiming import BATCH
from backend.services.sweeps.delivery import DELIVERY_BATCH, deliver_notifications, retry_delay
from backend.services.sweeps.followup import (announce_warranty_expiry, cleaning_offer_day,
                                              offer_seasonal_cleaning, queue_silent_feedback)
from backend.services.sweeps.housekeeping import clean_up
from backend.services.sweeps.promises import flag_at_risk, move_unanswered, record_breaches

# One scheduler tick runs these in this order, then delivers the outbox (`delivery`, given the
# sender), so that every notice they queue goes out in the same tick. The scheduler and the
# simulated day (backend.simulation) both run this list.
IN_ORDER = (
    ("lapse", move_unanswered),
    ("at_risk", flag_at_risk),
    ("breach", record_breaches),
    ("feedback_silence", queue_silent_feedback),
    ("warranty", announce_warranty_expiry),
    ("seasonal_cleaning", offer_seasonal_cleaning),
    ("annual_visits", queue_annual_visits),
    ("housekeeping", clean_up),
)

__all__ = ["BATCH", "IN_ORDER", "DELIVERY_BATCH", "announce_warranty_expiry", "clean_up",
           "cleaning_offer_day", "deliver_notifications", "flag_at_risk", "move_unanswered",
           "offer_seasonal_cleaning", "queue_annual_visits", "queue_silent_feedback",
           "record_breaches", "retry_delay"]
