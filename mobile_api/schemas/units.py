from marshmallow import fields, validate

from mobile_api.schemas.common import Brand, Day, Schema, Text


class UnitInSchema(Schema):
    brand = Brand(required=True)
    model = Text(required=True, validate=validate.Length(1, 120))
    serial_number = Text(required=True, validate=validate.Length(1, 120))
    purchased_on = Day(required=True)
    installed_on = Day(load_default=None, allow_none=True)


class WarrantySchema(Schema):
    policy = fields.String()
    whole_unit_until = fields.Date()
    main_parts_until = fields.Date()
    status = fields.String(validate=validate.OneOf(("whole_unit", "main_parts", "expired")))


class UnitSchema(Schema):
    id = fields.String()
    brand = fields.String()
    model = fields.String()
    serial_number = fields.String()
    indoor_serial = fields.String(allow_none=True)
    outdoor_serial = fields.String(allow_none=True)
    purchased_on = fields.Date()
    installed_on = fields.Date(allow_none=True)
    warranty = fields.Nested(WarrantySchema)
