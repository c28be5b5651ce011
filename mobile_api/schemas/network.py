from marshmallow import fields, validate

from backend.models import KINDS, SERVICES
from mobile_api.schemas.common import (FiniteFloat, LocationSchema, PageArgs, Phone, Schema,
                                       location_of)

Brand = lambda **kw: fields.String(validate=validate.Length(1, 60), **kw)  # noqa: E731


class ServicePointInSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 200))
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    phone = Phone(required=True)
    address = fields.String(required=True, validate=validate.Length(1, 300))
    location = fields.Nested(LocationSchema, required=True)
    services = fields.List(fields.String(validate=validate.OneOf(SERVICES)), required=True,
                           validate=validate.Length(min=1))
    brands = fields.List(Brand(), required=True, validate=validate.Length(min=1))
    coverage_km = FiniteFloat(required=True, validate=validate.Range(0, 2000, min_inclusive=False))
    daily_capacity = fields.Integer(required=True, validate=validate.Range(min=0))


class ServicePointPatchSchema(ServicePointInSchema):
    """Any of the fields of a new point, plus `active`; use with partial=True."""
    active = fields.Boolean()


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
