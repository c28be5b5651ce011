from marshmallow import fields

from mobile_api.schemas.common import AwareDateTime, Schema


class NotificationSchema(Schema):
    id = fields.String()
    kind = fields.String()
    job_id = fields.String(allow_none=True)
    unit_id = fields.String(allow_none=True)
    text = fields.String()
    created_at = AwareDateTime()
    read = fields.Function(lambda n: n.read_at is not None)
