"""Instants as the system keeps and writes them: aware, in UTC, written with a `Z`."""
from datetime import datetime, timezone


def utc_now():
    """The present. Taken once at an edge (a request, a command, a scheduler tick) and passed
    in from there, so that everything one of them does happens at one instant and every clock
    can be tested by passing another."""
    return datetime.now(timezone.utc)


def iso_utc(moment):
    """`moment` in ISO 8601, in UTC, with `Z` for the offset: how every time leaves the
    system (API responses, delivered messages, logs)."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
