"""Schemas and fields every resource uses."""
import json
import math
from datetime import timezone

import marshmallow as ma
from marshmallow import fields, validate

from backend.domain import phones
from backend.domain.times import iso_utc


class Schema(ma.Schema):
    class Meta:
        unknown = ma.RAISE
        ordered = True


class AwareDateTime(fields.DateTime):
    """ISO 8601 with an offset in; UTC with a Z out."""

    default_error_messages = {
        "naive": "Give the time with an offset, e.g. 2026-07-01T09:00:00+08:00."}

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        if moment.tzinfo is None:
            raise self.make_error("naive")
        return moment.astimezone(timezone.utc)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return iso_utc(value)


class Phone(fields.String):
    """A phone number in any usual writing in, E.164 out: the one field every phone that
    comes in goes through, so one number is one account (mainland China when no country
    code is given)."""

    default_error_messages = {
        "phone": "Not a valid phone number, e.g. +8613800000003 or 138 0000 0003."}

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {}).setdefault("example", "+8613800000003")
        super().__init__(validate=validate.Length(1, 40), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        raw = super()._deserialize(value, attr, data, **kwargs)
        if len(raw) > 40:  # long strings are refused before the parser spends time on them
            raise self.make_error("phone")
        try:
            return phones.normalise(raw)
        except phones.NotAPhone:
            raise self.make_error("phone") from None


class FiniteFloat(fields.Float):
    def __init__(self, **kwargs):
        super().__init__(allow_nan=False, **kwargs)


class LocationSchema(Schema):
    lat = FiniteFloat(required=True, validate=validate.Range(-90, 90))
    lon = FiniteFloat(required=True, validate=validate.Range(-180, 180))


class PageArgs(Schema):
    # Bounded so that page * per_page always fits the databases' 64-bit OFFSET.
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class ProblemSchema(Schema):
    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


def paged(args, fetch):
    """Call `fetch(offset, limit)` -> (items, total) and return (items, X-Pagination header)."""
    page, per_page = args["page"], args["per_page"]
    items, total = fetch((page - 1) * per_page, per_page)
    meta = {"total": total, "page": page, "per_page": per_page,
            "total_pages": math.ceil(total / per_page)}
    return items, {"X-Pagination": json.dumps(meta)}


def page_of(args, items):
    """`paged` for a list already in memory."""
    return paged(args, lambda offset, limit: (items[offset:offset + limit], len(items)))


def location_of(row):
    return {"lat": row.lat, "lon": row.lon}
