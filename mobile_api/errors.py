"""Every error leaves as application/problem+json (RFC 9457)."""
import logging

from flask import current_app
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from backend.db import db
from backend.domain.errors import (Conflict, DomainError, Forbidden, Invalid, NotFound,
                                   RateLimited, Unauthenticated)

STATUS_OF = {Unauthenticated: 401, NotFound: 404, Forbidden: 403, Conflict: 409, Invalid: 422,
             RateLimited: 429}
log = logging.getLogger(__name__)


def problem(status, detail=None, errors=None, headers=None):
    title = HTTP_STATUS_CODES.get(status, "Error")
    body = {"type": "about:blank", "title": title, "status": status,
            "detail": detail or title}
    if errors:
        body["errors"] = errors
    response = current_app.json.response(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _field_errors(http_error):
    """webargs puts messages under their location ("json", "query"); clients want fields."""
    messages = (getattr(http_error, "data", None) or {}).get("messages") or {}
    errors = {}
    for location_messages in messages.values():
        if isinstance(location_messages, dict):
            errors.update(location_messages)
        else:
            errors.setdefault("_schema", []).extend(location_messages)
    return errors


def handle_http_exception(error):
    errors = _field_errors(error)
    detail = error.description
    if error.code == 422:
        detail = "The request has invalid fields."
    elif error.code == 400 and errors:
        detail = "; ".join(str(m) for ms in errors.values() for m in ms)
        errors = None
    headers = dict((getattr(error, "data", None) or {}).get("headers") or {})
    if error.code == 405 and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    return problem(error.code, detail, errors or None, headers)


def handle_domain_error(error):
    # A refused action changes nothing, even what it had touched before it was refused.
    db.session.rollback()
    status = STATUS_OF.get(type(error), 400)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if isinstance(error, RateLimited):
        headers["Retry-After"] = str(error.retry_after_seconds)
    return problem(status, error.detail, error.errors, headers)


def handle_integrity_error(error):
    # Two requests racing for the same unique thing (a phone, a job's one feedback): the
    # loser's change conflicts with what the winner just stored.
    db.session.rollback()
    log.info("integrity conflict: %s", error.orig)
    return problem(409, "The change conflicts with data stored meanwhile; reload and retry.")


def handle_database_unavailable(error):
    db.session.rollback()
    log.warning("database unavailable: %s", error.orig)
    return problem(503, "The database is busy or unreachable; retry shortly.",
                   headers={"Retry-After": "1"})


def handle_unexpected(error):
    if isinstance(error, HTTPException):
        return handle_http_exception(error)
    log.exception("unexpected error", exc_info=error)
    return problem(500, InternalServerError.description)


def init_app(app):
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(IntegrityError, handle_integrity_error)
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(Exception, handle_unexpected)
