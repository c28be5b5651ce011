from flask_jwt_extended import current_user
from marshmallow import ValidationError, fields, validate, validates_schema

from backend.domain import warranty
from backend.domain.job_states import STATUSES
from backend.i18n import N_
from backend.models import SERVICES
from backend.services.goodwill import GESTURES
from backend.services.job_queries import sees_customer_details
from backend.services.notifications import note_text
from mobile_api.request_time import request_now
from mobile_api.schemas.common import (AwareDateTime, Boolean, Brand, Integer, Items,
                                       LocationSchema, PageArgs, PersonSchema, Phone, Schema, Text)


class WindowSchema(Schema):
    start = AwareDateTime(required=True)
    end = AwareDateTime(required=True)


class CallerSchema(Schema):
    phone = Phone(required=True)
    name = Text(required=True, validate=validate.Length(1, 120))


class JobInSchema(Schema):
    service = fields.String(required=True, validate=validate.OneOf(SERVICES))
    unit_id = Text(load_default=None, allow_none=True, validate=validate.Length(1, 64))
    brand = Brand(load_default=None, allow_none=True)
    description = Text(multiline=True, required=True, validate=validate.Length(1, 4000))
    address = Text(required=True, validate=validate.Length(1, 300))
    location = fields.Nested(LocationSchema, required=True)
    preferred_window = fields.Nested(WindowSchema, load_default=None, allow_none=True)
    customer = fields.Nested(CallerSchema, metadata={
        "description": "Dispatchers booking for a caller (the hotline): who the job is for. "
                       "Found by phone, or given an account without a password."})
    call_id = Text(validate=validate.Length(1, 64), metadata={
        "description": "Dispatchers: the hotline call the booking was made in."})


class JobQuerySchema(PageArgs):
    status = fields.String(validate=validate.OneOf(STATUSES))
    at_risk = fields.Boolean()
    open = fields.Boolean(metadata={
        "description": "true: neither completed nor cancelled (the dispatchers' queue)."})
    breached = fields.Boolean(metadata={"description": "true: the on-site promise broke."})
    order = fields.String(load_default="newest", validate=validate.OneOf(("newest", "due")),
                          metadata={"description": "newest (the default): newest first; due: "
                                                   "the on-site promise falling due first."})


class JobUnitSchema(Schema):
    id = fields.String()
    brand = fields.String()
    model = fields.String()
    serial_number = fields.String()


class JobPointSchema(Schema):
    id = fields.String()
    name = fields.String()
    phone = fields.String()
    distance_km = fields.Float(allow_none=True)


class PromiseSchema(Schema):
    respond_by = AwareDateTime(allow_none=True)
    on_site_by = AwareDateTime()
    target_on_site_by = AwareDateTime()
    at_risk = fields.Boolean()
    breached = fields.Boolean()


class JobWarrantySchema(Schema):
    covered = fields.Boolean()
    basis = fields.String(validate=validate.OneOf(warranty.BASES))


class PartSchema(Schema):
    name = fields.String()
    main_part = fields.Boolean()
    covered = fields.Boolean()


class CourtesySchema(Schema):
    kind = fields.String()
    note = fields.String(allow_none=True)


class ConfirmedBySchema(Schema):
    id = fields.String()
    name = fields.String()


class GoodwillSchema(Schema):
    id = fields.String()
    gesture = fields.String(validate=validate.OneOf(GESTURES))
    note = fields.String()
    confirmed_by = fields.Nested(ConfirmedBySchema)
    at = AwareDateTime()


class GoodwillInSchema(Schema):
    gesture = fields.String(required=True, validate=validate.OneOf(GESTURES))
    note = Text(multiline=True, required=True, validate=validate.Length(1, 2000))


class FeedbackSchema(Schema):
    satisfied = fields.Boolean()
    rating = fields.Integer(allow_none=True)
    comment = fields.String(allow_none=True)


class EventSchema(Schema):
    """A timeline event as the caller reads it: the system's notes in the caller's language."""
    at = AwareDateTime()
    event = fields.String()
    actor_role = fields.String()
    note = fields.Function(lambda event: note_text(event, current_user, request_now()),
                           allow_none=True, metadata={"type": "string"})


class JobSchema(Schema):
    id = fields.String()
    status = fields.String(validate=validate.OneOf(STATUSES))
    service = fields.String()
    brand = fields.String()
    description = fields.String()
    address = fields.String(allow_none=True)
    location = fields.Nested(LocationSchema)
    created_at = AwareDateTime()
    preferred_window = fields.Nested(WindowSchema, allow_none=True)
    customer = fields.Nested(PersonSchema)
    unit = fields.Nested(JobUnitSchema, allow_none=True)
    service_point = fields.Nested(JobPointSchema, allow_none=True)
    technician = fields.Nested(PersonSchema, allow_none=True)
    promise = fields.Nested(PromiseSchema)
    eta = AwareDateTime(allow_none=True)
    accepted_at = AwareDateTime(allow_none=True)
    arrived_at = AwareDateTime(allow_none=True)
    completed_at = AwareDateTime(allow_none=True)
    on_time = fields.Boolean(allow_none=True)
    warranty = fields.Nested(JobWarrantySchema, allow_none=True)
    resolution = fields.String(allow_none=True)
    parts = fields.List(fields.Nested(PartSchema))
    courtesies = fields.List(fields.Nested(CourtesySchema))
    goodwill = fields.List(fields.Nested(GoodwillSchema), metadata={
        "description": "Gestures a dispatcher confirmed to make up for a failure, oldest "
                       "first (goodwill_suggestion is only the breach sweep's suggestion)."})
    customer_confirmed = fields.Boolean(allow_none=True)
    visits = fields.Integer()
    fixed_first_visit = fields.Boolean(allow_none=True)
    goodwill_suggestion = fields.String(allow_none=True)
    feedback = fields.Nested(FeedbackSchema, allow_none=True)
    timeline = fields.List(fields.Nested(EventSchema))


def job_view(job, actor):
    """The job as `actor` may see it, ready for JobSchema."""
    details = sees_customer_details(actor, job)
    customer = {"id": job.customer.id, "name": job.customer.name}
    if details:
        customer["phone"] = job.customer.phone
    point = job.service_point
    technician = job.technician
    return {
        "id": job.id, "status": job.status, "service": job.service, "brand": job.brand,
        "description": job.description,
        "address": job.address if details else None,
        # Without the address, a technician still sees roughly where (about 1 km).
        "location": ({"lat": job.lat, "lon": job.lon} if details
                     else {"lat": round(job.lat, 2), "lon": round(job.lon, 2)}),
        "created_at": job.created_at,
        "preferred_window": ({"start": job.window_start, "end": job.window_end}
                             if job.window_start else None),
        "customer": customer,
        "unit": job.unit,
        "service_point": ({"id": point.id, "name": point.name, "phone": point.phone,
                           "distance_km": job.distance_km} if point else None),
        "technician": technician,
        "promise": {"respond_by": job.respond_by, "on_site_by": job.on_site_by,
                    "target_on_site_by": job.target_on_site_by,
                    "at_risk": job.at_risk,
                    "breached": job.breached_at is not None},
        "eta": job.eta, "accepted_at": job.accepted_at, "arrived_at": job.arrived_at,
        "completed_at": job.completed_at, "on_time": job.on_time,
        "warranty": ({"covered": job.warranty_covered, "basis": job.warranty_basis}
                     if job.warranty_basis else None),
        "resolution": job.resolution, "parts": job.parts, "courtesies": job.courtesies,
        "customer_confirmed": job.customer_confirmed, "visits": job.visits,
        "fixed_first_visit": job.fixed_first_visit,
        "goodwill_suggestion": job.goodwill_suggestion,
        "goodwill": job.goodwill,
        "feedback": job.feedback,
        "timeline": job.events,
    }


COURTESY_KINDS = ("removed_rubbish", "fixed_other_appliance", "gift", "free_cleaning", "other")


class DepartSchema(Schema):
    eta = AwareDateTime(required=True)


class DelaySchema(Schema):
    eta = AwareDateTime(required=True)
    reason = Text(multiline=True, required=True, validate=validate.Length(1, 500))


class ArriveSchema(Schema):
    location = fields.Nested(LocationSchema, required=True)


class PartInSchema(Schema):
    name = Text(required=True, validate=validate.Length(1, 120))
    main_part = Boolean(required=True)


class CourtesyInSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(COURTESY_KINDS))
    note = Text(multiline=True, load_default=None, allow_none=True,
                validate=validate.Length(max=500))

    @validates_schema
    def _other_needs_a_note(self, data, **kwargs):
        if data["kind"] == "other" and not data.get("note"):
            raise ValidationError(N_("Say what the courtesy was."), "note")


class CompleteSchema(Schema):
    resolution = Text(multiline=True, required=True, validate=validate.Length(1, 4000))
    # More than any one visit uses or gives: a longer list is a client's bug, refused at once.
    parts = Items(fields.Nested(PartInSchema), load_default=list, max_items=50)
    courtesies = Items(fields.Nested(CourtesyInSchema), load_default=list, max_items=20)
    customer_confirmed = Boolean(required=True)
    fixed = Boolean(load_default=True, metadata={
        "description": "false when the fault needs another visit (the job goes back to "
                       "accepted for a revisit)"})
    indoor_serial = Text(validate=validate.Length(1, 120))
    outdoor_serial = Text(validate=validate.Length(1, 120))
    model = Text(validate=validate.Length(1, 120))


class CancelSchema(Schema):
    reason = Text(multiline=True, required=True, validate=validate.Length(1, 500))


class FeedbackInSchema(Schema):
    satisfied = Boolean(required=True)
    rating = Integer(load_default=None, allow_none=True, validate=validate.Range(1, 5))
    comment = Text(multiline=True, load_default=None, allow_none=True,
                   validate=validate.Length(max=2000))


class ComplaintInSchema(Schema):
    text = Text(multiline=True, required=True, validate=validate.Length(1, 4000))


class AssignSchema(Schema):
    service_point_id = Text(load_default=None, allow_none=True, validate=validate.Length(1, 64))
    technician_id = Text(load_default=None, allow_none=True, validate=validate.Length(1, 64))
    reason = Text(multiline=True, load_default=None, allow_none=True,
                  validate=validate.Length(max=500))
