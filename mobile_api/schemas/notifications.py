from flask_jwt_extended import current_user
from marshmallow import fields

from backend.services.notifications import text_of
from mobile_api.request_time import request_now
from mobile_api.schemas.common import AwareDateTime, Schema


class NotificationSchema(Schema):
    """A notification as its recipient (always the caller) reads it: rendered now, in the
    caller's language, with the caller's name."""
    id = fields.String()
    kind = fields.String()
    job_id = fields.String(allow_none=True)
    unit_id = fields.String(allow_none=True)
    text = fields.Function(lambda n: text_of(n.template, n.params, current_user, request_now()),
                           metadata={"type": "string"})
    created_at = AwareDateTime()
    read = fields.Function(lambda n: n.read_at is not None)
    template = fields.String()
    params = fields.Function(lambda n: {**n.params, "name": current_user.name},
                             metadata={"type": "object"})
