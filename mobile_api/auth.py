"""Tokens and roles: who is calling, and may they."""
import threading
import time
from collections import OrderedDict
from datetime import timedelta
from functools import wraps

from flask import current_app, request
from flask_jwt_extended import (JWTManager, create_access_token, create_refresh_token,
                                current_user, get_jwt, verify_jwt_in_request)
from flask_smorest import Blueprint

from backend.db import new_id
from backend.domain.actors import Actor
from backend.domain.errors import Forbidden
from backend.i18n import N_
from backend.services import accounts
from mobile_api.errors import problem


class _TokenManager(JWTManager):
    """flask-jwt-extended's manager, keeping the claims of the last tokens whose signature it
    checked: a phone sends the same token with each request until it expires, and PyJWT
    parses a token three times over to check it (a third of a booking's sign-in). Expiry is
    still checked at every use, and whether the sign-in has ended is read at every request
    (`_revoked`)."""

    KEPT = 4096

    def __init__(self):
        super().__init__()
        self._checked = OrderedDict()
        self._lock = threading.Lock()

    # The one method of flask-jwt-extended (pinned) every check of a token goes through; what
    # it must still refuse is held by tests/api/test_accounts.py.
    def _decode_jwt_from_config(self, encoded_token, csrf_value=None, allow_expired=False):
        if csrf_value is not None or allow_expired:
            return super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
        key = (current_app.config["JWT_SECRET_KEY"], encoded_token)
        with self._lock:
            claims = self._checked.get(key)
        if claims is None or not claims.get("nbf", 0) <= time.time() < claims["exp"]:
            # Checked afresh: an expired or forged token raises here as it always did.
            claims = super()._decode_jwt_from_config(encoded_token)
            with self._lock:
                self._checked[key] = claims
                if len(self._checked) > self.KEPT:
                    self._checked.popitem(last=False)
        return dict(claims)


jwt = _TokenManager()
_VERIFIED = "dispatch.verified_token"


def init_app(app):
    app.config.setdefault("JWT_SECRET_KEY", app.config["SECRET_KEY"])
    app.config["JWT_ACCESS_TOKEN_EXPIRES"] = timedelta(minutes=app.config["JWT_ACCESS_MINUTES"])
    app.config["JWT_REFRESH_TOKEN_EXPIRES"] = timedelta(days=app.config["JWT_REFRESH_DAYS"])
    app.config["JWT_TOKEN_LOCATION"] = ["headers"]
    jwt.init_app(app)


@jwt.user_lookup_loader
def _load_user(_header, payload):
    user, _ended = _holder(payload)
    return user if user is not None and user.active else None


@jwt.token_in_blocklist_loader
def _revoked(_header, payload):
    user, ended = _holder(payload)
    return accounts.token_is_revoked(user, payload.get("sid"), payload.get("gen"), ended)


def _holder(payload):
    """The token's person and whether its sign-in has ended, read once a request: the
    revocation check and the user lookup both ask."""
    holders = request.environ.setdefault("dispatch.token_holders", {})
    key = (payload["sub"], payload.get("sid"))
    if key not in holders:
        holders[key] = accounts.token_holder(*key)
    return holders[key]


def sign_in_tokens(user):
    """(access token, refresh token) of a new sign-in: both carry its id (`sid`), so that
    logout ends them together, and the person's token generation, so that raising it ends
    every sign-in at once."""
    sid = new_id()
    return access_token(user, sid), create_refresh_token(
        identity=user.id, additional_claims={"sid": sid, "gen": user.token_generation})


def access_token(user, sid):
    return create_access_token(identity=user.id, additional_claims={
        "role": user.role, "sid": sid, "gen": user.token_generation})


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


def roles_required(*roles, refresh=False, either_token=False):
    """Require a valid token of one of `roles` (any role when none is named): an access
    token, a refresh token (`refresh`), or either of the two (`either_token`)."""
    def decorator(fn):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            verify_token(refresh=refresh, either_token=either_token)
            if roles and current_user.role not in roles:
                raise Forbidden("this needs the role %(roles)s", roles=" | ".join(roles))
            return fn(*args, **kwargs)
        return Blueprint.doc(security=[{"bearerAuth": []}])(wrapper)
    return decorator


def verify_token(optional=False, refresh=False, either_token=False):
    """Check the request's token (signature, expiry, sign-in not ended, person still active)
    once a request: the per-client limits ask who is calling before the view does, and the
    second asking reads the database no more."""
    kind = (refresh, either_token)
    # Marked on the request itself: an app context, and `g` with it, may outlive a request.
    if request.environ.get(_VERIFIED) != kind:
        verify_jwt_in_request(optional=optional, refresh=refresh, verify_type=not either_token)
        if get_jwt():  # an optional check that found no token leaves the view to refuse
            request.environ[_VERIFIED] = kind


def sign_in_expiry(now):
    """When the last token of a sign-in made before `now` expires at the latest."""
    return now + current_app.config["JWT_REFRESH_TOKEN_EXPIRES"]


def access_seconds():
    return int(current_app.config["JWT_ACCESS_TOKEN_EXPIRES"].total_seconds())
