"""Configuration read from the environment, with the trade's defaults.

Every rule of the trade that DESIGN.md calls configurable has a setting here, so a network can
tune its promises without a code change."""
import json
import os
import secrets
from pathlib import Path

DEFAULTS = {
    "NETWORK_TZ": "Asia/Shanghai",
    "PROMISE_RESPOND_MINUTES": 30,
    "PROMISE_ON_SITE_HOURS": 24,
    "PROMISE_TARGET_HOURS": 6,
    "PROMISE_AT_RISK_FRACTION": 0.75,
    "FEEDBACK_SILENCE_HOURS": 48,
    "WARRANTY_NOTICE_DAYS": 30,
    # The cooling season starts in May in most of China; offers go out a month before.
    "SEASONAL_CLEANING_DATE": "04-01",
    "GOODWILL_SUGGESTION": "gift",
    # The hotline's standard: a ring's length, the rings to answer within, the hold bands.
    "HOTLINE_RING_SECONDS": 6,
    "HOTLINE_ANSWER_WITHIN_RINGS": 3,
    "HOTLINE_SHORT_HOLD_SECONDS": 60,
    "HOTLINE_LONG_HOLD_SECONDS": 180,
    # Taking over an account the hotline opened: a code's life and tries, and how many codes
    # one phone may be sent in an hour.
    "PHONE_CODE_MINUTES": 10,
    "PHONE_CODE_TRIES": 5,
    "PHONE_CODES_PER_HOUR": 3,
    # Wrong passwords: this many in a row cost nothing, each further one makes the next try
    # wait twice as long, up to the most a phone ever waits; a day's cap far above mistyping.
    "LOGIN_FREE_TRIES": 5,
    "LOGIN_MAX_WAIT_SECONDS": 60,
    "LOGIN_WRONG_PER_DAY": 100,
    # No year-round follow-up call within this many days of a job of the customer's.
    "ANNUAL_VISIT_QUIET_DAYS": 30,
    # Per-client limits (mobile_api/client_limits.py), in Flask-Limiter's notation; where the
    # counts are kept: memory:// in one process, redis://host:6379 shared by several.
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_KEY_PREFIX": "dispatch",
    # Reverse proxies in front of the API: the client is then the address they forwarded for.
    "TRUSTED_PROXIES": 0,
    # Far above what one person, one office or one app's tests do in a minute; far below a
    # script trying phones or opening accounts by the hundred.
    "RATE_LIMIT_LOGIN": "60 per minute; 1000 per hour",
    "RATE_LIMIT_REGISTER": "30 per minute; 300 per hour",
    "RATE_LIMIT_PHONE_CODES": "10 per minute; 60 per hour",
    "RATE_LIMIT_BOOKING": "60 per minute; 1000 per hour",
    "JWT_ACCESS_MINUTES": 60,
    "JWT_REFRESH_DAYS": 30,
    "IDEMPOTENCY_KEEP_HOURS": 24,
    # The cost of a password hash: a profile of argon2-cffi's `argon2.profiles`.
    "PASSWORD_HASH_PROFILE": "RFC_9106_LOW_MEMORY",
    "NOTIFY_WEBHOOK_URL": "",
    "NOTIFY_WEBHOOK_TIMEOUT": 5.0,
    # Messages posted to the webhook at once: each waits on the network, not on this machine.
    "NOTIFY_WEBHOOK_IN_FLIGHT": 8,
    "SCHEDULER_INTERVAL_SECONDS": 60,
    # The outbox is drained this often, beside the sweeps and apart from them, so a message
    # goes out seconds after it is queued.
    "DELIVERY_INTERVAL_SECONDS": 5,
    # On SQLite, the write-ahead log is copied into the database file this often (backend.db's
    # `checkpoint`): at a summer peak's thirty bookings a second, a few thousand pages at a time.
    "CHECKPOINT_INTERVAL_SECONDS": 2,
    # Larger request bodies are refused (413) unread; ours are a few kilobytes at most.
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    # The standards report: a callback made within this many hours of falling due is on time;
    # a complaint resolved within this many hours of opening is resolved in time.
    "CALLBACK_ON_TIME_HOURS": 24,
    "COMPLAINT_RESOLVE_HOURS": 72,
    # A network's own targets for the standards, as JSON over the defaults of
    # backend.domain.standards, e.g. {"on_time_rate": 0.9, "median_minutes_to_accept": 20}.
    "STANDARD_TARGETS": "",
    # The four types of service: the score each side must reach, and the jobs a point must
    # have completed in the period to be placed at all.
    "SERVICE_TYPE_STANDARD_THRESHOLD": 0.8,
    "SERVICE_TYPE_PERSONAL_THRESHOLD": 0.8,
    "SERVICE_TYPE_MIN_JOBS": 20,
}


def _typed(name, raw):
    default = DEFAULTS[name]
    if isinstance(default, bool):
        return raw.lower() in ("1", "true", "yes")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def load(instance_path):
    """The settings for one app: defaults, then the environment."""
    instance = Path(instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    settings = {name: _typed(name, os.environ[name]) if name in os.environ else value
                for name, value in DEFAULTS.items()}
    # NETWORK_TIMEZONE is the name the documentation gives; NETWORK_TZ the older one.
    if "NETWORK_TIMEZONE" in os.environ:
        settings["NETWORK_TZ"] = os.environ["NETWORK_TIMEZONE"]
    settings["SQLALCHEMY_DATABASE_URI"] = os.environ.get(
        "DATABASE_URL", f"sqlite:///{instance / 'dispatch.db'}")
    settings["SECRET_KEY"] = os.environ.get("SECRET_KEY") or _instance_secret(instance)
    return settings


def _instance_secret(instance):
    # Tokens must survive a restart, so a development secret is made once and kept.
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def standard_targets(raw):
    """The standards' targets from the STANDARD_TARGETS setting (JSON; empty: the defaults).
    Checked when the app starts, so a typo stops the start instead of a report."""
    from backend.domain.standards import targets
    try:
        overrides = json.loads(raw) if raw else {}
    except ValueError as error:
        raise ValueError(f"STANDARD_TARGETS is not JSON: {error}") from None
    if not isinstance(overrides, dict):
        raise ValueError("STANDARD_TARGETS must be a JSON object of indicator: target")
    try:
        return targets(overrides)
    except ValueError as error:
        raise ValueError(f"STANDARD_TARGETS: {error}") from None
