"""Command-line tools: `flask --app mobile_api <command>`."""
import click
from flask.cli import with_appcontext

from backend.domain import phones
from backend.domain.errors import DomainError
from backend.domain.times import utc_now
from backend.services import accounts
from fixtures import demo_network


def init_app(app):
    app.cli.add_command(create_admin)
    app.cli.add_command(load_demo)


@click.command("create-admin")
@click.option("--phone", required=True)
@click.option("--password", required=True)
@click.option("--name", default="Administrator", show_default=True)
@with_appcontext
def create_admin(phone, password, name):
    """Create an admin account (the first one bootstraps the network)."""
    if len(password) < 8:
        raise click.BadParameter("at least 8 characters", param_hint="--password")
    try:
        phone = phones.normalise(phone)
    except phones.NotAPhone:
        raise click.BadParameter("not a valid phone number", param_hint="--phone") from None
    try:
        user = accounts.create_admin(phone, password, utc_now(), name=name)
    except DomainError as error:
        raise click.ClickException(error.detail) from None
    click.echo(f"admin {user.name} ({user.phone}) created with id {user.id}")


@click.command("load-demo")
@click.option("--if-empty", is_flag=True,
              help="Do nothing, successfully, when service points already exist.")
@with_appcontext
def load_demo(if_empty):
    """Load the demo network (service points in 200 Chinese cities, staff, customers)."""
    if if_empty and demo_network.has_service_points():
        click.echo("service points already exist; the demo network was not loaded")
        return
    try:
        summary = demo_network.load_demo(utc_now())
    except DomainError as error:
        raise click.ClickException(error.detail) from None
    click.echo("demo network loaded: " + ", ".join(f"{n} {k}" for k, n in summary.items()))
