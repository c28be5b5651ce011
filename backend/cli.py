"""Command-line tools: `flask --app mobile_api <command>`."""
from datetime import datetime, timezone

import click

from backend.domain.errors import DomainError


def init_app(app):
    app.cli.add_command(create_admin)


@click.command("create-admin")
@click.option("--phone", required=True)
@click.option("--password", required=True)
@click.option("--name", default="Administrator", show_default=True)
def create_admin(phone, password, name):
    """Create an admin account (the first one bootstraps the network)."""
    from backend.services.accounts import create_admin as create
    if len(password) < 8:
        raise click.BadParameter("at least 8 characters", param_hint="--password")
    try:
        user = create(phone, password, datetime.now(timezone.utc), name=name)
    except DomainError as error:
        raise click.ClickException(error.detail) from None
    click.echo(f"admin {user.name} ({user.phone}) created with id {user.id}")
