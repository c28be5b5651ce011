"""The APScheduler wiring: one interval job per sweep, never one job per customer promise.

The promise clocks are rows; a sweep finds whatever fell due since its last run, so a run that
comes late, or several runs folded into one, lose nothing."""
from datetime import timezone

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler

from backend.domain.times import utc_now
from scheduler.jobs import SWEEPS, run_sweep


def build(app):
    interval = app.config["SCHEDULER_INTERVAL_SECONDS"]
    # One worker: the sweeps take turns, so they never wait on each other's locks.
    scheduler = BlockingScheduler(timezone=timezone.utc,
                                  executors={"default": ThreadPoolExecutor(1)})
    first = utc_now()
    for name in SWEEPS:
        scheduler.add_job(
            run_sweep, "interval", seconds=interval, args=[name], id=f"sweep:{name}",
            name=f"sweep {name}", replace_existing=True, next_run_time=first,
            # A backlog of missed runs is worth one run: it catches up on everything due.
            coalesce=True, max_instances=1,
            # A run that starts late (a long sweep before it, a busy machine) still runs,
            # unless it is so late that the next one is due anyway.
            misfire_grace_time=interval)
    return scheduler
