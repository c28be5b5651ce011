"""A whole summer day on PostgreSQL: `simulate-day` with 100,000 bookings on a fresh database
loaded with the demo network.

    .venv/bin/python bench/summer_day.py [--bookings 100000] [--seed 7] [--date 2027-07-15]
                                         [--postgres URL] [--json FILE]

The database named by `--postgres` is dropped and made again, migrated and loaded with the demo
network; then `flask --app mobile_api simulate-day` runs on it as an operator would run it (its
progress bar on standard error, its report on standard output).

Targets: the day done in at most 60 minutes of wall time, i.e. at least 24x faster than real
time (the multiple printed is the day's 24 hours over the wall time, which the baseline, real
time, would take); every promise clock handled within one sweep interval of its due time (the
simulation measures the worst delay); nothing left in the outbox at the end. Exit status 2
when one is missed."""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from sqlalchemy import make_url

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench.databases import fresh_database  # noqa: E402

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_summer_day"
TARGET_MULTIPLE = 24.0


def flask(env, *args, **kwargs):
    return subprocess.run([os.path.join(ROOT, ".venv", "bin", "flask"), "--app", "mobile_api",
                           *args], cwd=ROOT, env=env, check=True, **kwargs)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bookings", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--date", default="2027-07-15")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL",
                                                             DEFAULT_POSTGRES))
    parser.add_argument("--json", default=os.path.join(tempfile.gettempdir(),
                                                       "summer_day.json"))
    args = parser.parse_args(argv)

    env = dict(os.environ, DATABASE_URL=args.postgres,
               INSTANCE_PATH=tempfile.mkdtemp(prefix="bench_summer_day_"))
    print(f"fresh database {make_url(args.postgres).database}: migrate, load the demo network",
          flush=True)
    fresh_database(args.postgres)
    flask(env, "db", "upgrade", stderr=subprocess.DEVNULL)
    flask(env, "load-demo")
    started = time.perf_counter()
    flask(env, "simulate-day", "--date", args.date, "--bookings", str(args.bookings),
          "--seed", str(args.seed), "--json", args.json)
    wall = time.perf_counter() - started

    with open(args.json, encoding="utf-8") as f:
        result = json.load(f)
    figures, run = result["figures"], result["run"]
    clocks = figures["clocks"]
    multiple = 24 * 3600 / wall
    checks = {
        f"the day at least {TARGET_MULTIPLE:.0f}x faster than real time":
            multiple >= TARGET_MULTIPLE,
        "every promise clock handled within one sweep interval": clocks["within_one_interval"],
        "nothing left in the outbox": figures["outbox_left"] == 0,
    }
    print(f"\n{args.bookings:,} bookings on PostgreSQL: {wall / 60:.1f} minutes of wall time "
          f"(the command's own count, from its start: {run['wall_seconds'] / 60:.1f}); "
          f"the day's 24 hours ran {multiple:.1f}x faster than real time "
          f"(target >= {TARGET_MULTIPLE:.0f}x, i.e. <= 60 minutes); "
          f"{run['bookings_per_second']:.1f} bookings a second")
    print(f"worst promise clock delay {clocks['worst_delay_seconds']:.0f} s "
          f"({clocks['worst_delay_clock']}) against a sweep interval of "
          f"{clocks['sweep_interval_seconds']:.0f} s; outbox left {figures['outbox_left']}")
    for name, met in checks.items():
        print(f"  {'met   ' if met else 'MISSED'} {name}")
    return 0 if all(checks.values()) else 2


if __name__ == "__main__":
    sys.exit(main())
