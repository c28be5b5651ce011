from marshmallow import fields, validate

from backend.models import ROLES, SKILLS
from mobile_api.schemas.common import Phone, Schema

Password = lambda **kw: fields.String(validate=validate.Length(8, 200), **kw)  # noqa: E731
Name = lambda **kw: fields.String(validate=validate.Length(1, 120), **kw)  # noqa: E731


class RegisterSchema(Schema):
    name = Name(required=True)
    phone = Phone(required=True)
    password = Password(required=True)


class LoginSchema(Schema):
    phone = Phone(required=True)
    password = fields.String(required=True, validate=validate.Length(1, 200))


class UserSchema(Schema):
    id = fields.String()
    name = fields.String()
    phone = fields.String()
    role = fields.String(validate=validate.OneOf(ROLES))


class MeSchema(UserSchema):
    service_point_id = fields.String(allow_none=True)


class BriefUserSchema(Schema):
    id = fields.String()
    name = fields.String()
    role = fields.String()


class TokensSchema(Schema):
    access_token = fields.String()
    refresh_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()
    user = fields.Nested(BriefUserSchema)


class RefreshedSchema(Schema):
    access_token = fields.String()
    expires_in = fields.Integer()


class CertificationSchema(Schema):
    skill = fields.String(required=True, validate=validate.OneOf(SKILLS))
    expires_on = fields.Date(required=True)


class StaffInSchema(Schema):
    role = fields.String(required=True, validate=validate.OneOf(("technician", "dispatcher")))
    name = Name(required=True)
    phone = Phone(required=True)
    password = Password(required=True)
    service_point_id = fields.String(load_default=None, allow_none=True)
    certifications = fields.List(fields.Nested(CertificationSchema), load_default=list)


class StaffSchema(MeSchema):
    certifications = fields.List(fields.Nested(CertificationSchema))
