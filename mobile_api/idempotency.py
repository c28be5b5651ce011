"""The Idempotency-Key header on POSTs that create something."""
import hashlib
import json
import re
from functools import wraps

from flask import make_response, request
from flask_smorest import Blueprint
from werkzeug.exceptions import BadRequest, HTTPException

from backend.services import idempotency
from mobile_api.auth import current_actor
from mobile_api.limits import load_json
from mobile_api.request_time import request_now
from mobile_api.schemas.common import HEADER_PATTERN

HEADER = "Idempotency-Key"
_HEADER_DOC = {"in": "header", "name": HEADER, "required": False,
               "description": "Repeat a POST safely: the same key and body replay the first "
                              "answer (1-255 characters, kept 24 hours, per caller).",
               "schema": {"type": "string", "minLength": 1, "maxLength": 255,
                          "pattern": HEADER_PATTERN}}


def _fingerprint():
    raw = request.get_data()
    try:
        body = json.dumps(load_json(raw), sort_keys=True, separators=(",", ":")).encode()
    except HTTPException:  # not JSON we accept: the view refuses it, and nothing is stored
        body = raw
    return hashlib.sha256(request.method.encode() + request.path.encode() + b"\n" + body
                          ).hexdigest()


def idempotent(fn):
    """Wrap a view that needs a signed-in caller (put it under `roles_required`)."""
    @wraps(fn)
    def wrapper(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return fn(*args, **kwargs)
        if not 1 <= len(key) <= 255 or not re.match(HEADER_PATTERN, key):
            raise BadRequest(f"{HEADER} must be 1 to 255 characters, none of them control "
                             "characters, with no space at either end.")
        user_id = current_actor().id
        stored = idempotency.claim(user_id, key, _fingerprint(), request_now())
        if stored is not None:
            response = make_response(stored.body, stored.status_code)
            response.mimetype = "application/json"
            response.headers["Idempotent-Replayed"] = "true"
            return response
        try:
            response = make_response(fn(*args, **kwargs))
        except BaseException:
            idempotency.release(user_id, key)
            raise
        if response.status_code >= 300:
            idempotency.release(user_id, key)
        else:
            idempotency.store(user_id, key, response.status_code, response.get_data(as_text=True))
        return response
    return Blueprint.doc(parameters=[_HEADER_DOC])(wrapper)
