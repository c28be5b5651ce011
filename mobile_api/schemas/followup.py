from marshmallow import fields, validate

from mobile_api.schemas.common import (AwareDateTime, Boolean, PageArgs, PersonSchema, Schema,
                                       Text)

CALLBACK_REASONS = ("no_feedback", "unsatisfied", "message", "annual_visit")
COMPLAINT_STATUSES = ("open", "resolved")


class CallbackQuerySchema(PageArgs):
    due = fields.Boolean(metadata={"description": "true: only the calls due now; false: only "
                                                  "those not due yet; absent: every open call"})


class CallbackSchema(Schema):
    id = fields.String()
    job_id = fields.String(allow_none=True, metadata={
        "description": "null when the call is about no job (a message, the yearly visit)"})
    call_id = fields.String(allow_none=True, metadata={
        "description": "The hotline call whose message this returns."})
    reason = fields.String(validate=validate.OneOf(CALLBACK_REASONS))
    due_at = AwareDateTime()
    created_at = AwareDateTime()
    done_at = AwareDateTime(allow_none=True)
    reached = fields.Boolean(allow_none=True)
    satisfied = fields.Boolean(allow_none=True)
    note = fields.String(allow_none=True)
    customer = fields.Nested(PersonSchema)


class CallbackRecordSchema(Schema):
    reached = Boolean(required=True)
    satisfied = Boolean(load_default=None, allow_none=True)
    note = Text(multiline=True, required=True, validate=validate.Length(max=4000))


# A complaint looks the same to the customer who filed it and to the dispatcher resolving it.
class ComplaintSchema(Schema):
    id = fields.String()
    job_id = fields.String()
    text = fields.String()
    source = fields.String()
    status = fields.String()
    resolution = fields.String(allow_none=True)
    created_at = AwareDateTime()
    resolved_at = AwareDateTime(allow_none=True)


class ComplaintQuerySchema(PageArgs):
    status = fields.String(validate=validate.OneOf(COMPLAINT_STATUSES))


class ComplaintResolveSchema(Schema):
    resolution = Text(multiline=True, required=True, validate=validate.Length(1, 4000))
