"""How much a request may send: its body's size, and how deep and how long its JSON may run.

Every bound here turns what would be a worker's time, memory or stack into a 4xx answer."""
import io
import json
import re
from itertools import accumulate

from flask import current_app, request
from werkzeug.exceptions import BadRequest, NotFound, RequestEntityTooLarge

from mobile_api.schemas.common import is_one_line_of_text

# Our deepest body (a booking's window or location inside the job) is 3 levels; 32 leaves room.
MAX_JSON_DEPTH = 32
# A 64-bit integer has 19 digits and a double's shortest form fewer than 25 characters; a longer
# number is not a quantity anyone means, and Python would spend quadratic time converting it.
MAX_NUMBER_CHARS = 40

_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"')
_NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def init_app(app):
    app.before_request(_refuse_a_body_too_large)
    app.before_request(_refuse_an_impossible_id)


def _refuse_a_body_too_large():
    """Refuse a declared oversize body before anything (even sign-in) reads a byte of it, and
    a chunked one (which declares no size) as soon as it has run past the limit."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is not None:
        if request.content_length > limit:
            raise _too_large(limit)
    elif "chunked" in request.headers.get("Transfer-Encoding", "").lower():
        _read_chunked_body(limit)


def _read_chunked_body(limit):
    # werkzeug would stop a chunked body at the limit too, but then hand the first `limit`
    # bytes on as if they were the whole body; read one byte more to know.
    environ = request.environ
    body = environ["wsgi.input"].read(limit + 1)
    if len(body) > limit:
        raise _too_large(limit)
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))


def _too_large(limit):
    return RequestEntityTooLarge(f"The body may be at most {limit} bytes.")


def _refuse_an_impossible_id():
    """An id in the path with a control character names nothing we could have stored (and
    PostgreSQL would refuse to even look it up)."""
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and not is_one_line_of_text(value):
            raise NotFound("No such thing: the id holds control characters.")


def load_json(raw):
    """The JSON document in `raw` (bytes), or BadRequest (400) naming what is wrong with it."""
    _check_depth(raw)
    try:
        return json.loads(raw, parse_int=_number(int), parse_float=_number(float),
                          parse_constant=_not_json)
    except RecursionError:  # unreachable after _check_depth, but never a 500 if it is reached
        raise BadRequest(_too_deep()) from None
    except json.JSONDecodeError as error:
        raise BadRequest(f"The body is not valid JSON (line {error.lineno}, column "
                         f"{error.colno}).") from None
    except ValueError as error:  # a number refused by _number or _not_json
        raise BadRequest(f"The body is not valid JSON: {error}.") from None


def _check_depth(raw):
    if raw.count(b"[") + raw.count(b"{") <= MAX_JSON_DEPTH:
        return  # the usual body: too few brackets to be too deep, so nothing to scan
    brackets = _STRINGS.sub(b"", raw).translate(None, _NOT_BRACKETS)
    if max(accumulate(_STEP[b] for b in brackets)) > MAX_JSON_DEPTH:
        raise BadRequest(_too_deep())


def _too_deep():
    return f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep."


def _number(kind):
    def parse(text):
        if len(text) > MAX_NUMBER_CHARS:
            raise ValueError(f"a number may have at most {MAX_NUMBER_CHARS} characters")
        return kind(text)
    return parse


def _not_json(name):
    raise ValueError(f"{name} is not a JSON number")
