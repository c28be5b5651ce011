"""Tokens and roles: who is calling, and may they."""
from datetime import datetime, timedelta, timezone
from functools import wraps

from flask import current_app
from flask_jwt_extended import JWTManager, current_user, verify_jwt_in_request
from flask_smorest import Blueprint

from backend.domain.actors import Actor
from backend.domain.errors import Forbidden
from backend.i18n import N_
from backend.services import accounts
from mobile_api.errors import problem

jwt = JWTManager()


def init_app(app):
    app.config.setdefault("JWT_SECRET_KEY", app.config["SECRET_KEY"])
    app.config["JWT_ACCESS_TOKEN_EXPIRES"] = timedelta(minutes=app.config["JWT_ACCESS_MINUTES"])
    app.config["JWT_REFRESH_TOKEN_EXPIRES"] = timedelta(days=app.config["JWT_REFRESH_DAYS"])
    app.config["JWT_TOKEN_LOCATION"] = ["headers"]
    jwt.init_app(app)


@jwt.user_lookup_loader
def _load_user(_header, payload):
    user = accounts.get_user_or_none(payload["sub"])
    return user if user is not None and user.active else None


@jwt.token_in_blocklist_loader
def _revoked(_header, payload):
    return accounts.is_revoked(payload["jti"])


def _unauthorized(detail, **params):
    return problem(401, detail, headers={"WWW-Authenticate": "Bearer"}, params=params)


jwt.unauthorized_loader(lambda reason: _unauthorized(
    N_("Please sign in first (%(reason)s)."), reason=reason))
jwt.invalid_token_loader(lambda reason: _unauthorized(
    N_("The token is not valid (%(reason)s); please sign in again."), reason=reason))
jwt.expired_token_loader(lambda _h, _p: _unauthorized(
    N_("The token has expired; please sign in again.")))
jwt.revoked_token_loader(lambda _h, _p: _unauthorized(
    N_("The token has been revoked; please sign in again.")))
jwt.user_lookup_error_loader(lambda _h, _p: _unauthorized(N_("The account no longer exists.")))


def current_actor():
    return Actor(current_user.id, current_user.role, current_user.service_point_id)


def roles_required(*roles, refresh=False):
    """Require a valid token of one of `roles` (any role when none is named)."""
    def decorator(fn):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            verify_jwt_in_request(refresh=refresh)
            if roles and current_user.role not in roles:
                raise Forbidden("this needs the role %(roles)s", roles=" | ".join(roles))
            return fn(*args, **kwargs)
        return Blueprint.doc(security=[{"bearerAuth": []}])(wrapper)
    return decorator


def token_expiry(payload):
    return datetime.fromtimestamp(payload["exp"], timezone.utc)


def access_seconds():
    return int(current_app.config["JWT_ACCESS_TOKEN_EXPIRES"].total_seconds())
