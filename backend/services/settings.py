"""The configured rules of the trade, read from the running app's settings."""
from zoneinfo import ZoneInfo

from flask import current_app

from backend import config
from backend.domain.hotline import CallStandard
from backend.domain.promises import PromisePolicy
from backend.domain.service_types import Thresholds


def promise_policy():
    c = current_app.config
    return PromisePolicy(c["PROMISE_RESPOND_MINUTES"], c["PROMISE_ON_SITE_HOURS"],
                         c["PROMISE_TARGET_HOURS"], c["PROMISE_AT_RISK_FRACTION"])


def call_standard():
    c = current_app.config
    return CallStandard(c["HOTLINE_RING_SECONDS"], c["HOTLINE_ANSWER_WITHIN_RINGS"],
                        c["HOTLINE_SHORT_HOLD_SECONDS"], c["HOTLINE_LONG_HOLD_SECONDS"])


def network_tz():
    return ZoneInfo(current_app.config["NETWORK_TZ"])


def local_day(moment):
    """The calendar day in the network's time zone: capacity and warranties count in it."""
    return moment.astimezone(network_tz()).date()


def setting(name):
    return current_app.config[name]


def standard_targets():
    return config.standard_targets(current_app.config["STANDARD_TARGETS"])


def service_type_thresholds():
    c = current_app.config
    return Thresholds(c["SERVICE_TYPE_STANDARD_THRESHOLD"], c["SERVICE_TYPE_PERSONAL_THRESHOLD"],
                      c["SERVICE_TYPE_MIN_JOBS"])
