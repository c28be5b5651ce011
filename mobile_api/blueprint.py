"""The Blueprint every resource is built on: flask-smorest's, with query strings held to their
schemas."""
from flask_smorest import Blueprint as SmorestBlueprint
from webargs.flaskparser import FlaskParser


class _Parser(FlaskParser):
    # webargs ignores a query parameter it does not know unless told otherwise; left to the
    # schema, as a body is, ours refuse it: a typo is a 422, not a list quietly unfiltered.
    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
                                   "query": None, "querystring": None}


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = _Parser()
