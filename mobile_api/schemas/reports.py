from datetime import date

from marshmallow import fields, validate

from backend.domain import indicators
from backend.domain.service_types import TYPES
from backend.domain.standards import AREA_NAMES, AT_LEAST, AT_MOST, INDICATOR_NAMES
from mobile_api.schemas.common import PageArgs, Schema, Text

# Wide enough for any history the network keeps, narrow enough that a period's midnights are
# real instants (date.max has no next midnight).
_DATES = validate.Range(min=date(2000, 1, 1), max=date(2999, 12, 31))


def _rate(description):
    return fields.Float(allow_none=True, metadata={
        "description": f"{description} 0..1, 4 decimals; null when nothing was measured."})


def _count(description):
    return fields.Integer(metadata={"description": description})


class PeriodQuerySchema(Schema):
    date_from = fields.Date(data_key="from", validate=_DATES, metadata={
        "description": "First local day (network time zone), inclusive. Default: 29 days "
                       "before `to`."})
    date_to = fields.Date(data_key="to", validate=_DATES, metadata={
        "description": "Last local day, inclusive. Default: today."})


class KpiQuerySchema(PeriodQuerySchema):
    service_point_id = Text(validate=validate.Length(1, 64), metadata={
        "description": "One service point (network dispatchers and admins: any point; point "
                       "dispatchers: only their own, which is also their default)."})


class HoldBandsSchema(Schema):
    none = _count("Answered calls never put on hold.")
    short = _count("Longest hold up to 60 s.")
    long = _count("Longest hold over 60 s, up to 3 minutes.")
    very_long = _count("Longest hold over 3 minutes.")


def _kpi_field(kpi):
    if kpi.kind == indicators.COUNT:
        return _count(kpi.meaning)
    if kpi.kind == indicators.RATE:
        return _rate(kpi.meaning)
    if kpi.kind == indicators.BANDS:
        return fields.Nested(HoldBandsSchema, metadata={"description": kpi.meaning})
    return fields.Float(allow_none=True, metadata={"description": f"{kpi.meaning} Null if none."})


class _KpiPeriodSchema(Schema):
    date_from = fields.Date(data_key="from", metadata={"description": "The period measured."})
    date_to = fields.Date(data_key="to")
    service_point_id = fields.String(allow_none=True, metadata={
        "description": "The point measured; null for the whole network."})


# Each figure is defined once, in the domain (backend.domain.indicators.KPIS): the field, its
# type and its description follow from there.
KpiSchema = type("KpiSchema", (_KpiPeriodSchema,),
                 {kpi.name: _kpi_field(kpi) for kpi in indicators.KPIS})


class StandardIndicatorSchema(Schema):
    name = fields.String(metadata={"enum": list(INDICATOR_NAMES)})
    value = fields.Float(allow_none=True, metadata={
        "description": "The measure for the period; null when nothing was measured."})
    target = fields.Float(metadata={"description": "The target (configurable)."})
    direction = fields.String(metadata={
        "enum": [AT_LEAST, AT_MOST],
        "description": "at_least: the value must reach the target; at_most: it must not "
                       "exceed it. Exactly the target meets it."})
    met = fields.Boolean(allow_none=True, metadata={
        "description": "Whether the value met its target; null when nothing was measured."})


class StandardAreaSchema(Schema):
    area = fields.String(metadata={"enum": list(AREA_NAMES)})
    score = fields.Float(allow_none=True, metadata={
        "description": "The share (0..1, 4 decimals) of the area's measured indicators that "
                       "met their target; null when none was measured."})
    indicators = fields.List(fields.Nested(StandardIndicatorSchema))


class ServiceTypesQuerySchema(PeriodQuerySchema, PageArgs):
    pass


class PointRefSchema(Schema):
    id = fields.String()
    name = fields.String()


class ServiceTypeSchema(Schema):
    service_point = fields.Nested(PointRefSchema)
    type = fields.String(allow_none=True, metadata={
        "enum": list(TYPES) + [None],
        "description": "null: fewer jobs completed in the period than the minimum."})
    standard_score = fields.Float(allow_none=True, metadata={
        "description": "The standardised side, 0..1; null when nothing was measured."})
    personal_score = fields.Float(allow_none=True, metadata={
        "description": "The personal side, 0..1; null when nothing was measured."})
    jobs = _count("Jobs the point completed in the period.")


class MinutesBucketSchema(Schema):
    from_minutes = fields.Integer(data_key="from", attribute="from")
    to_minutes = fields.Integer(data_key="to", attribute="to", allow_none=True, metadata={
        "description": "Exclusive; null for the last, open-ended bucket."})
    jobs = fields.Integer(attribute="count")


class TimeToSiteSchema(Schema):
    date_from = fields.Date(data_key="from")
    date_to = fields.Date(data_key="to")
    service_point_id = fields.String(allow_none=True)
    jobs = fields.Integer(metadata={"description": "Jobs first reached in the period."})
    buckets = fields.List(fields.Nested(MinutesBucketSchema))
