"""`python -m scheduler [--once [--at ISO-8601] | --delivery-only]`"""
import argparse
import gc
import logging
import signal
import sys
from datetime import datetime, timezone

from backend import create_app
from backend.domain.times import utc_now
from scheduler import SETTINGS, jobs, lock, wiring


def instant(value):
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an ISO 8601 time, e.g. 2026-07-01T12:00:00Z") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"{value!r} has no offset: say which time zone, e.g. {value}Z or {value}+08:00")
    return moment.astimezone(timezone.utc)


def parse(argv):
    parser = argparse.ArgumentParser(
        prog="python -m scheduler",
        description="Run the sweeps that keep the promises: every minute until stopped, "
                    "or once.")
    parser.add_argument("--once", action="store_true",
                        help="run every sweep once and exit (for backfills and tests)")
    parser.add_argument("--at", type=instant, metavar="ISO-8601",
                        help="with --once: run as of this instant (default: now)")
    parser.add_argument("--delivery-only", action="store_true",
                        help="only deliver the outbox, beside the scheduler: on PostgreSQL "
                             "several such processes share the outbox")
    args = parser.parse_args(argv)
    if args.at is not None and not args.once:
        parser.error("--at only goes with --once")
    if args.delivery_only and args.once:
        parser.error("--delivery-only runs until stopped; it does not go with --once")
    return args


def main(argv=None):
    args = parse(argv)
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # APScheduler logs every run of every job; the sweeps' own one line each says more.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    app = create_app(SETTINGS)
    jobs.bind(app)
    if args.once:
        results = jobs.run_all(args.at or utc_now())
        return 1 if None in results.values() else 0
    try:
        if args.delivery_only:
            # No lock: delivery processes share the outbox, each taking batches no other holds.
            run_until_stopped(app, wiring.build(app, delivery_only=True), "delivery")
        else:
            with lock.only_one(app.config["SQLALCHEMY_DATABASE_URI"]):
                run_until_stopped(app, wiring.build(app), "scheduler")
    except lock.AlreadyRunning as error:
        logging.getLogger("scheduler").error("not starting: %s", error)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


def run_until_stopped(app, scheduler, what):
    def stop(*_):
        jobs.stopping.set()
        scheduler.shutdown(wait=False)
    signal.signal(signal.SIGTERM, stop)
    logging.getLogger("scheduler").info(
        "%s started: %d jobs, sweeps every %s s, delivery every %s s", what,
        len(scheduler.get_jobs()), app.config["SCHEDULER_INTERVAL_SECONDS"],
        app.config["DELIVERY_INTERVAL_SECONDS"])
    # What the process has loaded lives as long as it: frozen, the garbage collector's full
    # collections no longer walk it in the middle of a sweep (as mobile_api.gunicorn_conf).
    gc.freeze()
    scheduler.start()


if __name__ == "__main__":
    sys.exit(main())
