"""Per-client limits (Flask-Limiter) on what a script would hammer: signing in, registering,
asking for phone codes and booking.

A client is its address, or for booking the signed-in caller (a hotline's dispatchers share
one office address). The counts live where RATELIMIT_STORAGE_URI says: memory:// for one
process (./serve), Redis (redis://host:6379) when several workers or machines must share
them. RATELIMIT_ENABLED switches the limits off (the test suite does, but for their own
tests). These limits sit beside the per-phone ones the services keep in the database (wrong
passwords, codes sent): those protect one account from many clients, these the system from
one client."""
import math
import time

from flask import current_app
from flask_jwt_extended import get_jwt_identity
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from limits.storage import MemoryStorage
from werkzeug.middleware.proxy_fix import ProxyFix

from backend.i18n import N_
from mobile_api.auth import verify_token
from mobile_api.errors import problem

TOO_MANY = N_("Too many requests of this kind from you; please try again later.")


def _caller():
    """The signed-in caller, or the address of a caller without a token (refused anyway)."""
    verify_token(optional=True)
    identity = get_jwt_identity()
    return f"user:{identity}" if identity else get_remote_address()


class MemoryCounts(MemoryStorage):
    """limits' own memory:// storage (registered in its place), with one change: expired
    counters are dropped by a request that finds the last clean-up a minute old, rather than
    by a thread limits starts whenever a request comes more than 10 ms after the one before,
    which cost each booking about a millisecond here, and more on a busy machine. A counter
    past its window counts from zero either way: limits checks expiry as it reads one."""

    STORAGE_SCHEME = ["memory"]
    CLEAN_UP_SECONDS = 60

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cleaned_at = time.time()

    def _MemoryStorage__schedule_expiry(self):  # noqa: N802 -- the name limits calls
        if time.time() - self.cleaned_at >= self.CLEAN_UP_SECONDS:
            self.cleaned_at = time.time()
            self._MemoryStorage__expire_events()


# endpoint -> (the setting that holds its limits, who counts as one client)
LIMITED = {
    "accounts.Login": ("RATE_LIMIT_LOGIN", get_remote_address),
    "accounts.Register": ("RATE_LIMIT_REGISTER", get_remote_address),
    "phone codes.PhoneCodes": ("RATE_LIMIT_PHONE_CODES", get_remote_address),
    "jobs.Jobs": ("RATE_LIMIT_BOOKING", _caller),
}


def init_app(app):
    """Once the routes are registered. Each app gets a Limiter of its own, so that an app
    with limits on and one with them off never share a switch or a storage."""
    if app.config["TRUSTED_PROXIES"]:
        # Behind reverse proxies the client is the address they say they forwarded for.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"])
    # Should the storage be unreachable, the limits count in memory until it is back, rather
    # than a sign-in failing for want of a counter.
    limiter = Limiter(get_remote_address, app=app, in_memory_fallback_enabled=True,
                      swallow_errors=True)
    app.extensions["client_limits"] = limiter
    for endpoint, (setting, client) in LIMITED.items():
        limited = limiter.limit(_setting(setting), key_func=client, methods=["POST"],
                                error_message=TOO_MANY)
        app.view_functions[endpoint] = limited(app.view_functions[endpoint])
    app.register_error_handler(RateLimitExceeded, _too_many)


def _setting(name):
    return lambda: current_app.config[name]


def _too_many(_error):
    breached = current_app.extensions["client_limits"].current_limit
    wait = breached.reset_at - time.time() if breached else 1
    return problem(429, TOO_MANY, headers={"Retry-After": str(max(1, math.ceil(wait)))})
