"""The scheduler's jobs: plain top-level functions, so APScheduler refers to them by name.

Each runs one sweep as of a given instant in its own app context, logs one line of what it did,
and never lets a failure escape: a sweep that fails has rolled back and simply runs again on
its next turn."""
import logging
import threading
import time

from flask import current_app

from backend.db import checkpoint
from backend.domain.times import iso_utc, utc_now
from backend.services import rollups, sweeps
from scheduler import senders

log = logging.getLogger("scheduler")


# Set when the process is told to stop: a delivery run hands back what it has not sent yet
# rather than drain a large outbox first.
stopping = threading.Event()


def deliver(now):
    """Drain the outbox: every message due, batch after batch, until none is."""
    send = senders.from_config(current_app.config)
    return sweeps.deliver_notifications(now, send, in_flight=send.in_flight,
                                        keep_going=lambda: not stopping.is_set(),
                                        leased=send.waits_on_network)


def checkpoint_log():
    """On SQLite, copy the write-ahead log into the database file (backend.db.checkpoint)."""
    with _app.app_context():
        try:
            in_file = checkpoint()
        except Exception:  # noqa: BLE001  the next run copies what this one did not
            log.exception("checkpoint failed; the next one copies the log")
            return None
    log.debug("checkpoint: %s pages of the log in the file", in_file)
    return in_file


def compute_report_days(now):
    """The reports' days that changes touched, computed again (backend.services.rollups),
    so that a manager's report finds them ready instead of computing them first."""
    return {"days": len(rollups.refresh())}


# In the order one tick runs them: every notice the others queue is delivered in the same tick,
# and the reports' days the tick touched are computed last.
DELIVERY = "delivery"
SWEEPS = {**dict(sweeps.IN_ORDER), DELIVERY: deliver, "report_days": compute_report_days}

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
    # Delivery runs every few seconds: a run that found nothing to send is no news.
    level = logging.DEBUG if name == DELIVERY and not any(counts.values()) else logging.INFO
    log.log(level, "sweep %-17s %s (%.1f ms)", name,
             ", ".join(f"{key} {value}" for key, value in counts.items()),
             (time.perf_counter() - started) * 1000)
    return counts


def run_all(now):
    """Every sweep once, in order, as of `now`; {name: counts or None}."""
    return {name: run_sweep(name, now) for name in SWEEPS}
