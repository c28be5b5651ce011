"""The Blueprint every resource is built on: flask-smorest's, with query strings held to their
schemas, and refused where a route reads none."""
from flask import current_app, request
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest import abort
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from mobile_api.limits import load_json

QUERY = ("query", "querystring")


class _Parser(FlaskParser):
    # webargs ignores a query parameter it does not know unless told otherwise; left to the
    # schema, as a body is, ours refuse it: a typo is a 422, not a list quietly unfiltered.
    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
                                   **{location: None for location in QUERY}}

    def _raw_load_json(self, req):
        # Held to our limits (depth, number length), and a body that is not JSON is a 400
        # whatever the reason, rather than a 500 for the reasons webargs does not expect.
        if not is_json_request(req):
            return core.missing
        raw = req.get_data(cache=True)
        return load_json(raw) if raw.strip() else core.missing


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = _Parser()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.before_request(_refuse_an_unread_query)

    def arguments(self, schema, *args, **kwargs):
        # Given a class, webargs would make an instance of it at every request (deep-copying
        # its fields each time); one made here serves them all, as a response's schema does.
        return super().arguments(schema() if isinstance(schema, type) else schema,
                                 *args, **kwargs)


def _refuse_an_unread_query():
    """A route that reads no query string refuses one, as a list refuses a parameter it does
    not know: `GET /jobs/{id}?fields=id` would otherwise answer as if it had been understood."""
    handler = _handler()
    if request.args and handler is not None and not _reads_query(handler):
        abort(422, messages={"query": {name: ["Unknown field."] for name in request.args}})


def _handler():
    """The view method this request runs, or None (no route, or a method Flask answers
    itself, such as OPTIONS)."""
    view = current_app.view_functions.get(request.endpoint)
    method = "get" if request.method == "HEAD" else request.method.lower()
    return getattr(getattr(view, "view_class", None), method, None)


def _reads_query(handler):
    parameters = getattr(handler, "_apidoc", {}).get("arguments", {}).get("parameters", [])
    return any(parameter["in"] in QUERY for parameter in parameters)
