"""The dispatch system itself. `create_app` gives a Flask app holding the database and the
command-line tools; the HTTP API (mobile_api) and the scheduler both build on it."""
import os
from pathlib import Path

from flask import Flask

from backend import config, i18n, logs
from backend.db import db, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config=None, import_name=__name__, locale_selector=None):
    app = Flask(import_name, instance_path=os.environ.get("INSTANCE_PATH", str(ROOT / "instance")))
    app.config.from_mapping(config.load(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    config.standard_targets(app.config["STANDARD_TARGETS"])
    # A database server can drop the connections waiting in the pool (a restart, a failover):
    # each is tried as it is taken, unless a caller says otherwise (the scheduler does). A
    # SQLite file has no server to lose them, and a try would cost every request a statement.
    # Statement parameters hold phones, addresses and password hashes: whatever engine
    # options a caller gives, they never appear in an error.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        "pool_pre_ping": not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"),
        **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}), "hide_parameters": True}
    logs.mask_phones_in_every_record()

    from backend import models  # noqa: F401  (the tables must be known before migrating)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    i18n.init_app(app, locale_selector)

    from backend import cli
    cli.init_app(app)
    return app
