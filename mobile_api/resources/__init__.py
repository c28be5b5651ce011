"""One blueprint per resource."""
from mobile_api.resources import (accounts, calls, followup, health, jobs, network,
                                  notifications, phone_codes, reports, units)

BLUEPRINTS = (accounts.blp, phone_codes.blp, network.blp, units.blp, jobs.blp, notifications.blp,
              followup.blp, reports.blp, calls.blp)


def register(app, api):
    app.register_blueprint(health.blp)
    for blp in BLUEPRINTS:
        api.register_blueprint(blp)
