"""`flask --app mobile_api simulate-day`: the command line around a simulated day."""
import dataclasses
import json
import sys
import time
from datetime import date

import click
from flask.cli import with_appcontext
from sqlalchemy import event

from backend.db import db
from backend.i18n import N_
from backend.i18n.operator import say
from backend.services import settings
from backend.simulation import demand, report, sandbox
from backend.simulation.day import Day, WallClock
from backend.simulation.parameters import Parameters
from fixtures import demo_network


def parameters(pairs):
    """Parameters with `NAME=VALUE` overrides."""
    known = {f.name: f.type for f in dataclasses.fields(Parameters)}
    values = {}
    for pair in pairs:
        name, _, raw = pair.partition("=")
        if name not in known:
            raise click.BadParameter(f"no parameter {name!r}; known: {', '.join(known)}",
                                     param_hint="--param")
        try:
            values[name] = float(raw)
        except ValueError:
            raise click.BadParameter(f"{name} wants a number, not {raw!r}",
                                     param_hint="--param") from None
    params = Parameters(**values)
    wrong = params.check()
    if wrong:
        raise click.BadParameter(f"out of range: {', '.join(wrong)}", param_hint="--param")
    return params


def commit_without_waiting_for_the_disk():
    """A simulated day's database is scratch: its commits need not wait for the disk (nothing
    but a power cut could lose one, and the run would simply be made again). Every connection
    the run opens from here on is told so."""
    def tell(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        if db.engine.dialect.name == "postgresql":
            cursor.execute("SET synchronous_commit TO OFF")
        else:
            cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()
        dbapi_connection.commit()  # a session setting, not a transaction left open

    db.engine.dispose()
    event.listen(db.engine, "connect", tell)
    return lambda: event.remove(db.engine, "connect", tell)


class Progress:
    """A progress bar on standard error: the simulated clock, bookings made and how many a
    second of wall time; redrawn at most a few times a second."""

    WIDTH = 30

    def __init__(self, total, start, end, clock=time.perf_counter):
        self.total, self.start, self.end = total, start, end
        self.clock = clock
        self.began = clock()
        self.drawn = None

    def __call__(self, day, now, final=False):
        moment = self.clock()
        if not final and self.drawn is not None and moment - self.drawn < 0.25:
            return
        self.drawn = moment
        done = min(1.0, max(0.0, (now - self.start) / (self.end - self.start)))
        bar = "#" * int(done * self.WIDTH)
        rate = day.booked / max(moment - self.began, 1e-9)
        local = now.astimezone(settings.network_tz()).strftime("%Y-%m-%d %H:%M")
        click.echo(f"\r[{bar:<{self.WIDTH}}] {local} (simulated)  "
                   f"{day.booked}/{self.total} booked  {rate:,.0f}/s ", nl=False, err=True)

    def close(self, day):
        self(day, day.now, final=True)
        click.echo("", err=True)


@click.command("simulate-day")
@click.option("--date", "day", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The local date to play (network time zone).")
@click.option("--bookings", type=click.IntRange(1, 2_000_000),
              help="How many bookings the day brings (unless --replay).")
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--replay", type=click.File("r", encoding="utf-8"),
              help="Play recorded bookings: CSV with the header at, lat, lon, service, brand.")
@click.option("--json", "json_file", type=click.File("w", encoding="utf-8"),
              help="Also write the figures to this file, as JSON.")
@click.option("--force", is_flag=True,
              help="Run even on a database that holds real (not simulated) jobs.")
@click.option("--param", "overrides", multiple=True, metavar="NAME=VALUE",
              help="Change one of the parameters printed at the start; repeatable.")
@with_appcontext
def simulate_day(day, bookings, seed, replay, json_file, force, overrides):
    """Play a summer day through the system: bookings, technicians, customers, sweeps."""
    day = date(day.year, day.month, day.day)
    params = parameters(overrides)
    if (bookings is None) == (replay is None):
        raise click.UsageError("give --bookings N or --replay FILE (one of them)")
    if not demo_network.has_service_points():
        raise click.ClickException("no service points: load the network first "
                                   "(flask --app mobile_api load-demo)")
    if not force:
        try:
            sandbox.refuse_real_jobs(also_allowed=demo_network.demo_customers())
        except sandbox.RealJobs as error:
            raise click.ClickException(
                f"refused: {error}; a simulation would mix its jobs with them. Use a "
                f"database of its own, or --force.") from None
    start, end = demand.day_bounds(day, settings.network_tz())
    if replay is not None:
        try:
            planned = demand.read_replay(replay)
        except demand.ReplayError as error:
            raise click.BadParameter(str(error), param_hint="--replay") from None
        if not planned:
            raise click.BadParameter("no bookings in the file", param_hint="--replay")
        start = min(start, planned[0].at)
        end = max(end, planned[-1].at)
    else:
        cities = [(c.name, c.lat, c.lon, c.population) for c in demo_network.read_cities()]
        planned = demand.plan_day(bookings, start, cities, params.services(), seed)

    click.echo(say(N_("Simulating %(day)s (network time) with %(bookings)s bookings, seed "
                      "%(seed)s."), day=day, bookings=len(planned), seed=seed))
    click.echo(say(N_("Parameters (--param NAME=VALUE to change one):")))
    for line in params.lines():
        click.echo(f"  {line}")
    sandbox.clear_earlier_simulations()
    customer_ids = sandbox.customers(len(planned), start)
    forget = commit_without_waiting_for_the_disk()

    wall = WallClock()
    progress = Progress(len(planned), start, end)
    simulation = Day(planned, customer_ids, params, seed, start, end, progress)
    try:
        tally = simulation.run()
    finally:
        forget()
    progress.close(simulation)
    span = simulation.now - start
    last_day = settings.local_day(simulation.now)
    figures = report.figures(day, last_day, params, seed, len(planned), tally,
                             simulation.interval, span)
    seconds = max(wall.seconds(), 1e-9)
    result = {"figures": figures, "run": {
        "wall_seconds": round(seconds, 2),
        "real_time_multiple": round((end - start).total_seconds() / seconds, 1),
        "span_multiple": round(span.total_seconds() / seconds, 1),
        "bookings_per_second": round(len(planned) / seconds, 1)}}
    click.echo("")
    click.echo(report.text(result))
    if json_file is not None:
        json.dump(result, json_file, indent=2, sort_keys=True)
        json_file.write("\n")
    sys.stdout.flush()
