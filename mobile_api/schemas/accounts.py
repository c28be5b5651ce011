from marshmallow import fields, validate

from backend.models import ROLES, SKILLS
from mobile_api.schemas.common import (Boolean, ChangeSchema, Day, Items, Locale, Name, PageArgs,
                                       Password, Phone, Schema, Text)


class RegisterSchema(Schema):
    name = Name(required=True)
    phone = Phone(required=True)
    password = Password(required=True)
    locale = Locale()  # without it, from Accept-Language
    code = Text(validate=validate.Regexp(r"^[0-9]{6}$"), metadata={
        "description": "The code sent to the phone (POST /auth/phone-codes): needed to take "
                       "over an account our hotline opened for this phone."})


class MePatchSchema(ChangeSchema):
    name = Name()
    locale = Locale()


class LoginSchema(Schema):
    phone = Phone(required=True)
    password = Text(required=True, validate=validate.Length(1, 200))


class UserSchema(Schema):
    id = fields.String()
    name = fields.String()
    phone = fields.String()
    role = fields.String(validate=validate.OneOf(ROLES))


class MeSchema(UserSchema):
    service_point_id = fields.String(allow_none=True)
    locale = fields.String()


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
    expires_on = Day(required=True)


class StaffInSchema(Schema):
    role = fields.String(required=True, validate=validate.OneOf(("technician", "dispatcher")))
    name = Name(required=True)
    phone = Phone(required=True)
    password = Password(required=True)
    service_point_id = Text(load_default=None, allow_none=True, validate=validate.Length(1, 64))
    certifications = Items(fields.Nested(CertificationSchema), load_default=list, max_items=20)
    locale = Locale(load_default="zh-CN")


class StaffSchema(MeSchema):
    certifications = fields.List(fields.Nested(CertificationSchema))
    active = fields.Boolean()


class StaffQuerySchema(PageArgs):
    service_point_id = Text(validate=validate.Length(1, 64))
    role = fields.String(validate=validate.OneOf(("technician", "dispatcher")))
    active = fields.Boolean()


class StaffPatchSchema(ChangeSchema):
    name = Name()
    service_point_id = Text(allow_none=True, validate=validate.Length(1, 64))
    certifications = Items(fields.Nested(CertificationSchema), max_items=20, metadata={
        "description": "The person's certifications, all of them: replaces those held."})
    active = Boolean(metadata={
        "description": "false: the person is signed out everywhere at once, cannot sign in, "
                       "and the jobs they had taken go back to their service point."})
