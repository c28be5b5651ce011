"""A person's own data as one document (GET /me/export)."""
from marshmallow import fields

from mobile_api.schemas.accounts import MeSchema
from mobile_api.schemas.calls import CallSchema
from mobile_api.schemas.common import AwareDateTime, Schema
from mobile_api.schemas.followup import ComplaintSchema
from mobile_api.schemas.jobs import FeedbackSchema, JobSchema
from mobile_api.schemas.notifications import NotificationSchema
from mobile_api.schemas.units import UnitSchema


class ExportedFeedbackSchema(FeedbackSchema):
    job_id = fields.String()
    created_at = AwareDateTime()


class ExportedAccountSchema(MeSchema):
    created_at = AwareDateTime()


class ExportSchema(Schema):
    """Everything the system holds about the caller: their account, units, jobs (each with
    its timeline), feedback, complaints, notifications and hotline calls."""
    account = fields.Nested(ExportedAccountSchema)
    units = fields.List(fields.Nested(UnitSchema))
    jobs = fields.List(fields.Nested(JobSchema))
    feedback = fields.List(fields.Nested(ExportedFeedbackSchema))
    complaints = fields.List(fields.Nested(ComplaintSchema))
    notifications = fields.List(fields.Nested(NotificationSchema))
    calls = fields.List(fields.Nested(CallSchema))
