from marshmallow import fields

from mobile_api.schemas.common import Phone, Schema


class PhoneCodeInSchema(Schema):
    phone = Phone(required=True)


class PhoneCodeSentSchema(Schema):
    phone = fields.String()
    expires_in = fields.Integer(metadata={
        "description": "Seconds the code is valid, if an account our hotline opened has this "
                       "phone (the answer is the same when none has)."})
