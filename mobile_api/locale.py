"""The language a request is answered in: the signed-in caller's own, else what the client's
Accept-Language asks for, else Simplified Chinese."""
from flask import g, request

from backend.i18n import babel_name, from_accept_language


def of_request():
    # flask-jwt-extended keeps the caller here once the token is verified; before that (or
    # for a request with no valid token) the client's Accept-Language decides.
    caller = (g.get("_jwt_extended_jwt_user") or {}).get("loaded_user")
    if caller is not None:
        return babel_name(caller.locale)
    return babel_name(from_accept_language(request.accept_languages))
