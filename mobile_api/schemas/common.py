"""Schemas and fields every resource uses."""
import json
import math
import re
from datetime import date, timezone

import marshmallow as ma
from marshmallow import fields, validate

from backend.domain import phones
from backend.i18n import LOCALES, N_
from backend.domain.times import iso_utc


class Schema(ma.Schema):
    class Meta:
        unknown = ma.RAISE
        ordered = True


class ChangeSchema(Schema):
    """A PATCH body: any of the fields, but at least one (an empty change is a client's
    mistake, not a success)."""

    class Meta(Schema.Meta):
        min_properties = 1

    @ma.validates_schema(pass_original=True)
    def _names_a_field(self, data, original, **kwargs):
        if not original:
            raise ma.ValidationError(N_("Name at least one field to change."))


# C0 and C1 controls (PostgreSQL refuses NUL outright; the others garble logs and terminals)
# and lone surrogates (not text at all: they cannot be written as UTF-8).
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_SURROGATE = "\ud800-\udfff"
_REFUSED_IN_LINE = re.compile(f"[{_CONTROL}\t\n\r{_SURROGATE}]")
_REFUSED_IN_TEXT = re.compile(f"[{_CONTROL}{_SURROGATE}]")


def is_one_line_of_text(value):
    return _REFUSED_IN_LINE.search(value) is None


def _escaped(characters):
    return "".join(c if c.isalnum() or c == "-" else f"\\u{ord(c):04x}" for c in characters)


# A header value as the document states it: one line, no control characters, and no space at
# either end (HTTP drops those, so a key of spaces would arrive empty).
_IN_HEADER = _escaped(_CONTROL + "\t\n\r")
HEADER_PATTERN = f"^[^{_IN_HEADER} ](?:[^{_IN_HEADER}]*[^{_IN_HEADER} ])?$"


class Text(fields.String):
    """Every text a client sends: a string that is text. One line unless `multiline=True`
    (descriptions, notes, comments may hold tabs and line breaks); never control characters
    or lone surrogates."""

    default_error_messages = {
        "control": N_("Control characters are not allowed here."),
        "surrogate": N_("The text is not valid Unicode (a lone surrogate)."),
    }

    def __init__(self, *, multiline=False, **kwargs):
        super().__init__(**kwargs)
        self.refused = _REFUSED_IN_TEXT if multiline else _REFUSED_IN_LINE
        # Documented, so that clients (and generated tests) know what is text here; lone
        # surrogates go unsaid, as no valid Unicode string (nor a regex engine) can hold one.
        controls = _CONTROL + ("" if multiline else "\t\n\r")
        self.metadata.setdefault("pattern", f"^[^{_escaped(controls)}]*$")

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        bad = self.refused.search(text)
        if bad:
            raise self.make_error("surrogate" if "\ud800" <= bad.group() <= "\udfff"
                                  else "control")
        return text


class Name(Text):
    """A person's name as they would write it."""

    def __init__(self, **kwargs):
        super().__init__(validate=validate.Length(1, 120), **kwargs)


class Password(Text):
    def __init__(self, **kwargs):
        super().__init__(validate=validate.Length(8, 200), **kwargs)


class Brand(Text):
    def __init__(self, **kwargs):
        super().__init__(validate=validate.Length(1, 60), **kwargs)


class Locale(fields.String):
    def __init__(self, **kwargs):
        super().__init__(validate=validate.OneOf(LOCALES), metadata={
            "description": "The language of the texts the person reads: zh-CN or en."}, **kwargs)


class PersonSchema(Schema):
    """Whoever a record names -- a customer, a technician -- as others see them."""
    id = fields.String()
    name = fields.String()
    phone = fields.String()


# The calendar the system works in: every date and time a client sends lies between these, far
# enough from Python's year 1 and 9999 that a day, a zone or a warranty added never overflows.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


class Day(fields.Date):
    """A calendar date (YYYY-MM-DD) between EARLIEST and LATEST."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", validate.Range(EARLIEST, LATEST))
        super().__init__(**kwargs)


class Items(fields.List):
    """A list a client sends: at most `max_items` long, and a longer one is refused before a
    single item is read (10,000 parts would otherwise each be validated first)."""

    def __init__(self, inner, *, max_items, min_items=None, **kwargs):
        super().__init__(inner, validate=validate.Length(min_items, max_items), **kwargs)
        self.max_items = max_items

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, list) and len(value) > self.max_items:
            raise ma.ValidationError(f"At most {self.max_items} items.")
        return super()._deserialize(value, attr, data, **kwargs)


class AwareDateTime(fields.DateTime):
    """ISO 8601 with an offset in; UTC with a Z out."""

    default_error_messages = {
        "naive": N_("Give the time with an offset, e.g. 2026-07-01T09:00:00+08:00."),
        "range": f"Give a time between {EARLIEST.year} and {LATEST.year}."}

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        if moment.tzinfo is None:
            raise self.make_error("naive")
        try:
            moment = moment.astimezone(timezone.utc)
        except OverflowError:  # 0001-01-01T00:00+01:00 is before the first instant Python has
            raise self.make_error("range") from None
        if not EARLIEST <= moment.date() <= LATEST:
            raise self.make_error("range")
        return moment

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return iso_utc(value)


class Phone(Text):
    """A phone number in any usual writing in, E.164 out: the one field every phone that
    comes in goes through, so one number is one account (mainland China when no country
    code is given)."""

    default_error_messages = {
        "phone": N_("Not a valid phone number, e.g. +8613800000003 or 138 0000 0003.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {}).setdefault("example", "+8613800000003")
        kwargs["metadata"].setdefault("format", "phone")
        super().__init__(validate=validate.Length(1, 40), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        raw = super()._deserialize(value, attr, data, **kwargs)
        if len(raw) > 40:  # long strings are refused before the parser spends time on them
            raise self.make_error("phone")
        try:
            return phones.normalise(raw)
        except phones.NotAPhone:
            raise self.make_error("phone") from None


class Boolean(fields.Boolean):
    """A boolean in a JSON body: true or false, nothing else (marshmallow would take 0, 1,
    "yes" or "off" for one, which the document does not allow)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class Integer(fields.Integer):
    """A whole number in a JSON body: 2.5 or true is not one (marshmallow would round or
    count it)."""

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


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
    errors = fields.Dict(keys=fields.String(), metadata={
        "description": "For each field refused, its messages; a field of a nested object or "
                       "list (by index) holds its own such object.",
        "additionalProperties": {"oneOf": [
            {"type": "array", "items": {"type": "string"}},
            {"type": "object"}]}})


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
