from marshmallow import fields, validate

from backend.models import KINDS, SERVICES
from mobile_api.schemas.common import (Boolean, Brand, ChangeSchema, FiniteFloat, Integer, Items,
                                       LocationSchema, PageArgs, Phone, Schema, Text, location_of)


class ServicePointInSchema(Schema):
    name = Text(required=True, validate=validate.Length(1, 200))
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    phone = Phone(required=True)
    address = Text(required=True, validate=validate.Length(1, 300))
    location = fields.Nested(LocationSchema, required=True)
    services = Items(fields.String(validate=validate.OneOf(SERVICES)), required=True,
                     min_items=1, max_items=len(SERVICES))
    brands = Items(Brand(), required=True, min_items=1, max_items=100)
    # A radius of 0 reaches nobody: a point that should take no bookings is made inactive.
    coverage_km = FiniteFloat(required=True, validate=validate.Range(0, 2000, min_inclusive=False),
                              metadata={"exclusiveMinimum": True})
    # 0: the point takes no bookings for now; the most a point could do in a day is far below.
    daily_capacity = Integer(required=True, validate=validate.Range(0, 10_000))


class ServicePointPatchSchema(ServicePointInSchema, ChangeSchema):
    """Any of the fields of a new point, plus `active`; use with partial=CHANGEABLE (the top
    level only: a location given is still a whole one, with `lat` and `lon`)."""
    active = Boolean()
    CHANGEABLE = tuple(ServicePointInSchema._declared_fields)


class ServicePointSchema(Schema):
    id = fields.String()
    name = fields.String()
    kind = fields.String()
    phone = fields.String()
    address = fields.String()
    location = fields.Function(location_of)
    services = fields.List(fields.String())
    brands = fields.List(fields.String())
    coverage_km = fields.Float()
    daily_capacity = fields.Integer()
    active = fields.Boolean()
    distance_km = fields.Float()


class ServicePointQuerySchema(PageArgs):
    lat = FiniteFloat(validate=validate.Range(-90, 90))
    lon = FiniteFloat(validate=validate.Range(-180, 180))
    service = fields.String(validate=validate.OneOf(SERVICES))
    brand = Brand()
