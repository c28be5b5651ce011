"""The scheduler's jobs: plain top-level functions, so APScheduler refers to them by name.

Each runs one sweep as of a given instant in its own app context, logs one line of what it did,
and never lets a failure escape: a sweep that fails has rolled back and simply runs again on
its next turn."""
import logging
import time

from flask import current_app

from backend.domain.times import iso_utc, utc_now
from backend.services import sweeps
from scheduler import senders

log = logging.getLogger("scheduler")


def deliver(now):
    return sweeps.deliver_notifications(
        now, senders.from_config(current_app.config),
        budget_seconds=current_app.config["SCHEDULER_INTERVAL_SECONDS"] / 2)


# In the order one tick runs them: every notice the others queue is delivered in the same tick.
SWEEPS = {**dict(sweeps.IN_ORDER), "delivery": deliver}

_app = None


def bind(app):
    """The app whose database the jobs sweep; set once when the process starts."""
    global _app
    _app = app


def run_sweep(name, now=None):
    """Run the sweep `name` as of `now` (default: the present). Returns its counts, or None
    when it failed."""
    if _app is None:
        raise RuntimeError("scheduler.jobs.bind(app) first")
    now = now or utc_now()
    started = time.perf_counter()
    with _app.app_context():
        try:
            counts = SWEEPS[name](now)
        except Exception:
            log.exception("sweep %s failed as of %s; nothing of it was kept, it runs again "
                          "next time", name, iso_utc(now))
            return None
    log.info("sweep %-17s %s (%.1f ms)", name,
             ", ".join(f"{key} {value}" for key, value in counts.items()),
             (time.perf_counter() - started) * 1000)
    return counts


def run_all(now):
    """Every sweep once, in order, as of `now`; {name: counts or None}."""
    return {name: run_sweep(name, now) for name in SWEEPS}
