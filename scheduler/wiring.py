"""The APScheduler wiring: one interval job per sweep, never one job per customer promise.

The promise clocks are rows; a sweep finds whatever fell due since its last run, so a run that
comes late, or several runs folded into one, lose nothing. Delivery runs on a thread and an
interval of its own: draining a large outbox (a wave of breach notices) never holds the
sweeps up, and a message queued by a booking goes out within seconds."""
from datetime import timezone

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler

from backend.domain.times import utc_now
from scheduler.jobs import DELIVERY, SWEEPS, checkpoint_log, run_sweep

CHECKPOINT = "checkpoint"


def build(app, delivery_only=False):
    """The scheduler of every sweep and delivery, or of delivery alone (an extra delivery
    process sharing the outbox with the others); on SQLite, the main one also checkpoints the
    write-ahead log, on a thread of its own."""
    # One worker each: the sweeps take turns, so they never wait on each other's locks.
    scheduler = BlockingScheduler(timezone=timezone.utc, executors={
        "default": ThreadPoolExecutor(1), "delivery": ThreadPoolExecutor(1),
        CHECKPOINT: ThreadPoolExecutor(1)})
    first = utc_now()
    for name in SWEEPS:
        if delivery_only and name != DELIVERY:
            continue
        interval = app.config["DELIVERY_INTERVAL_SECONDS" if name == DELIVERY
                              else "SCHEDULER_INTERVAL_SECONDS"]
        scheduler.add_job(
            run_sweep, "interval", seconds=interval, args=[name], id=f"sweep:{name}",
            name=f"sweep {name}", replace_existing=True, next_run_time=first,
            executor="delivery" if name == DELIVERY else "default",
            # A backlog of missed runs is worth one run: it catches up on everything due.
            coalesce=True, max_instances=1,
            # A run that starts late (a long sweep before it, a busy machine) still runs,
            # unless it is so late that the next one is due anyway.
            misfire_grace_time=interval)
    if not delivery_only and app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        interval = app.config["CHECKPOINT_INTERVAL_SECONDS"]
        scheduler.add_job(checkpoint_log, "interval", seconds=interval, id=CHECKPOINT,
                          name=CHECKPOINT, replace_existing=True, executor=CHECKPOINT,
                          coalesce=True, max_instances=1, misfire_grace_time=interval)
    return scheduler
