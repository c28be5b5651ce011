from datetime import datetime, time, timedelta

from marshmallow import ValidationError, fields, validate

from backend.i18n import N_
from backend.models.hotline import DIRECTIONS, HOLD_BANDS, OUTCOMES
from backend.services import settings
from mobile_api.schemas.common import AwareDateTime, Items, PageArgs, Phone, Schema, Text


class HoldSchema(Schema):
    start = AwareDateTime(required=True)
    end = AwareDateTime(required=True)


class MessageInSchema(Schema):
    text = Text(multiline=True, required=True, validate=validate.Length(1, 2000))
    call_back_by = AwareDateTime(required=True, metadata={
        "description": "When the caller was promised an answer: the callback is due then."})


class CallInSchema(Schema):
    direction = fields.String(required=True, validate=validate.OneOf(DIRECTIONS))
    phone = Phone(required=True, metadata={"description": "The other party's number."})
    caller_name = Text(load_default=None, allow_none=True,
                                validate=validate.Length(1, 120), metadata={
        "description": "The caller's name, for the account a message opens when the phone "
                       "has none (default: the phone)."})
    rang_at = AwareDateTime(required=True)
    answered_at = AwareDateTime(load_default=None, allow_none=True, metadata={
        "description": "Absent for a call nobody answered (outcome abandoned)."})
    ended_at = AwareDateTime(required=True)
    holds = Items(fields.Nested(HoldSchema), load_default=list, max_items=50)
    transferred_to = Text(load_default=None, allow_none=True, validate=validate.Length(1, 120),
                          metadata={"description": "Whom the call was handed on to."})
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))
    job_id = Text(load_default=None, allow_none=True, validate=validate.Length(1, 64))
    note = Text(multiline=True, load_default=None, allow_none=True,
                validate=validate.Length(max=4000))
    message = fields.Nested(MessageInSchema, load_default=None, allow_none=True, metadata={
        "description": "With the outcome message: puts a `message` callback in the queue."})


class DayOrTime(AwareDateTime):
    """A local day (`2026-07-01`, the network's time zone) or an instant with its offset."""

    def __init__(self, end_of_day=False, **kwargs):
        super().__init__(**kwargs)
        self.end_of_day = end_of_day

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and len(value) == 10:
            try:
                day = datetime.strptime(value, "%Y-%m-%d").date()
            except ValueError:
                raise ValidationError(N_("Not a valid date (YYYY-MM-DD) or time.")) from None
            if self.end_of_day:
                day += timedelta(days=1)
            return datetime.combine(day, time(), settings.network_tz())
        return super()._deserialize(value, attr, data, **kwargs)


class CallQuerySchema(PageArgs):
    start = DayOrTime(data_key="from", metadata={
        "description": "Calls that rang from this local day (inclusive) or instant."})
    end = DayOrTime(data_key="to", end_of_day=True, metadata={
        "description": "Calls that rang up to this local day (inclusive) or before this "
                       "instant."})
    phone = Phone(metadata={"description": "Only the calls with this number."})


class HoldOutSchema(Schema):
    start = fields.String(metadata={"format": "date-time"})
    end = fields.String(metadata={"format": "date-time"})


class PartySchema(Schema):
    id = fields.String()
    name = fields.String()


class MessageSchema(Schema):
    text = fields.String()
    call_back_by = AwareDateTime()
    callback_id = fields.String(allow_none=True)


class CallSchema(Schema):
    id = fields.String()
    direction = fields.String(validate=validate.OneOf(DIRECTIONS))
    phone = fields.String()
    agent = fields.Nested(PartySchema)
    customer = fields.Nested(PartySchema, allow_none=True)
    job_id = fields.String(allow_none=True)
    rang_at = AwareDateTime()
    answered_at = AwareDateTime(allow_none=True)
    ended_at = AwareDateTime()
    holds = fields.List(fields.Nested(HoldOutSchema))
    rings = fields.Integer(metadata={
        "description": "Whole rings before the answer (or the hang-up): seconds // the ring "
                       "length (6 s unless configured)."})
    answered_within_standard = fields.Boolean(metadata={
        "description": "Answered within the standard's rings (3 unless configured); false "
                       "for a call nobody answered."})
    longest_hold_seconds = fields.Integer()
    hold_band = fields.String(validate=validate.OneOf(HOLD_BANDS), metadata={
        "description": "By the longest hold: none, short (up to 60 s), long (up to 3 min), "
                       "very_long."})
    transferred_to = fields.String(allow_none=True)
    outcome = fields.String(validate=validate.OneOf(OUTCOMES))
    note = fields.String(allow_none=True)
    message = fields.Nested(MessageSchema, allow_none=True)
    created_at = AwareDateTime()


def call_view(call, callback=None):
    return {
        "id": call.id, "direction": call.direction, "phone": call.phone,
        "agent": call.agent, "customer": call.customer, "job_id": call.job_id,
        "rang_at": call.rang_at, "answered_at": call.answered_at, "ended_at": call.ended_at,
        "holds": call.holds,
        "rings": call.rings, "answered_within_standard": call.answered_within_standard,
        "longest_hold_seconds": call.longest_hold_seconds, "hold_band": call.hold_band,
        "transferred_to": call.transferred_to, "outcome": call.outcome, "note": call.note,
        "message": ({"text": call.message, "call_back_by": call.call_back_by,
                     "callback_id": callback.id if callback else None}
                    if call.message is not None else None),
        "created_at": call.created_at,
    }
