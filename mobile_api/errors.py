"""Every error leaves as application/problem+json (RFC 9457), in the caller's language."""
import logging

from flask import current_app
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException

from backend.db import db
from backend.domain.errors import (Conflict, DomainError, Forbidden, Invalid, NotFound,
                                   RateLimited, Unauthenticated)
from backend.i18n import N_
from mobile_api.problem_texts import (default_detail, title, translated,
                                      translated_messages)

STATUS_OF = {Unauthenticated: 401, NotFound: 404, Forbidden: 403, Conflict: 409, Invalid: 422,
             RateLimited: 429}
log = logging.getLogger(__name__)


def problem(status, detail=None, errors=None, headers=None, params=None):
    """`detail` and the messages of `errors` are English msgids, filled with `params` after
    they are translated."""
    body = {"type": "about:blank", "title": title(status), "status": status,
            "detail": translated(detail, params) if detail else default_detail(status)}
    if errors:
        body["errors"] = translated_messages(errors, params)
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
    # werkzeug's own descriptions are long English; ours are in the catalogues.
    detail = None if error.description == type(error).description else error.description
    if error.code == 422:
        detail = N_("The request has invalid fields.")
    elif error.code == 400 and errors:
        detail = "; ".join(str(m) for ms in translated_messages(errors).values() for m in ms)
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
    return problem(status, error.detail, error.errors, headers, error.params)


def handle_integrity_error(error):
    # Two requests racing for the same unique thing (a phone, a job's one feedback): the
    # loser's change conflicts with what the winner just stored.
    db.session.rollback()
    log.info("integrity conflict: %s", error.orig)
    return problem(409, N_("The change conflicts with data stored meanwhile; please reload and "
                           "retry."))


def handle_database_unavailable(error):
    db.session.rollback()
    log.warning("database unavailable: %s", error.orig)
    return problem(503, N_("The database is busy or unreachable; please retry shortly."),
                   headers={"Retry-After": "1"})


def handle_unexpected(error):
    if isinstance(error, HTTPException):
        return handle_http_exception(error)
    log.exception("unexpected error", exc_info=error)
    return problem(500)


def init_app(app):
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(IntegrityError, handle_integrity_error)
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(Exception, handle_unexpected)
