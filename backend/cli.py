"""Command-line tools: `flask --app mobile_api <command>`, speaking the operator's language
(backend.i18n.operator)."""
import sys

import click
from flask.cli import with_appcontext

from backend.domain import phones
from backend.domain.errors import DomainError
from backend.domain.times import utc_now
from backend.i18n import N_
from backend.i18n.operator import said, say
from backend.services import accounts, rollups
from backend.simulation.command import simulate_day
from fixtures import demo_network


def init_app(app):
    app.cli.add_command(create_admin)
    app.cli.add_command(load_demo)
    app.cli.add_command(simulate_day)
    app.cli.add_command(rebuild_rollups)


@click.command("create-admin")
@click.option("--phone", required=True)
@click.option("--password", required=True)
@click.option("--name", default="Administrator", show_default=True)
@with_appcontext
def create_admin(phone, password, name):
    """Create an admin account (the first one bootstraps the network)."""
    if len(password) < 8:
        raise click.BadParameter(say(N_("at least 8 characters")), param_hint="--password")
    try:
        phone = phones.normalise(phone)
    except phones.NotAPhone:
        raise click.BadParameter(say(N_("not a valid phone number")),
                                 param_hint="--phone") from None
    try:
        user = accounts.create_admin(phone, password, utc_now(), name=name)
    except DomainError as error:
        raise click.ClickException(said(error)) from None
    click.echo(say(N_("Admin %(name)s (%(phone)s) created with id %(id)s."), name=user.name,
                   phone=user.phone, id=user.id))


@click.command("load-demo")
@click.option("--if-empty", is_flag=True,
              help="Do nothing, successfully, when service points already exist.")
@with_appcontext
def load_demo(if_empty):
    """Load the demo network (service points in 200 Chinese cities, staff, customers)."""
    if if_empty and demo_network.has_service_points():
        click.echo(say(N_("Service points already exist; the demo network was not loaded.")))
        return
    try:
        summary = demo_network.load_demo(utc_now())
    except DomainError as error:
        raise click.ClickException(said(error)) from None
    click.echo(say(N_("Demo network loaded: %(counts)s."), counts=say(N_(", ")).join(
        _count(kind, count) for kind, count in summary.items())))
    # The month's rollups: its rows were touched as they went in, so the scheduler's
    # report_days sweep (or the first report) computes them.


@click.command("rebuild-rollups")
@with_appcontext
def rebuild_rollups():
    """Compute the reports' daily rollups again from the tables, every day of the history."""
    with click.progressbar(length=1, label=say(N_("Computing the reports' days")),
                           file=sys.stderr) as bar:
        def progress(done, total):
            bar.length = total
            bar.update(done - bar.pos)
        days = rollups.rebuild(progress)
    click.echo(say(N_("The reports' rollups were computed for %(count)s days."),
                   count=len(days)))


def _count(kind, count):
    # A count the loader gained since this table was written still shows, untranslated.
    return say(DEMO_COUNTS[kind], count=count) if kind in DEMO_COUNTS else f"{count} {kind}"


DEMO_COUNTS = {
    "service_points": N_("%(count)s service points"), "cities": N_("%(count)s cities"),
    "technicians": N_("%(count)s technicians"),
    "technicians_with_expired_certifications": N_(
        "%(count)s technicians with expired certifications"),
    "dispatchers": N_("%(count)s dispatchers"), "admins": N_("%(count)s admins"),
    "customers": N_("%(count)s customers"), "units": N_("%(count)s units"),
    "warranty_policies": N_("%(count)s warranty policies"),
    # The month of history before today that the reports read.
    "history_jobs": N_("a month of history: %(count)s jobs"),
    "history_job_events": N_("%(count)s timeline events"),
    "history_job_courtesies": N_("%(count)s courtesies"),
    "history_feedback": N_("%(count)s answers to the satisfaction request"),
    "history_complaints": N_("%(count)s complaints"),
    "history_calls": N_("%(count)s hotline calls"),
    "history_callbacks": N_("%(count)s follow-up calls"),
    "history_goodwill_gestures": N_("%(count)s goodwill gestures"),
    "history_notifications": N_("%(count)s notifications"),
    "history_customers": N_("%(count)s customers of the history"),
    "quality_points": N_("%(count)s points of the quality type"),
    "procedural_points": N_("%(count)s of the procedural type"),
    "friendly_points": N_("%(count)s of the friendly type"),
    "cold_points": N_("%(count)s of the cold type")}
