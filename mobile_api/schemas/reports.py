from datetime import date

from marshmallow import fields, validate

from backend.domain.service_types import TYPES
from backend.domain.standards import AREA_NAMES, AT_LEAST, AT_MOST, INDICATOR_NAMES
from mobile_api.schemas.common import PageArgs, Schema, Text

# Wide enough for any history the network keeps, narrow enough that a period's midnights are
# real instants (date.max has no next midnight).
_DATES = validate.Range(min=date(2000, 1, 1), max=date(2999, 12, 31))


def _rate(description):
    return fields.Float(allow_none=True, metadata={
        "description": f"{description} 0..1, 4 decimals; null when nothing was measured."})


def _count(description):
    return fields.Integer(metadata={"description": description})


class PeriodQuerySchema(Schema):
    date_from = fields.Date(data_key="from", validate=_DATES, metadata={
        "description": "First local day (network time zone), inclusive. Default: 29 days "
                       "before `to`."})
    date_to = fields.Date(data_key="to", validate=_DATES, metadata={
        "description": "Last local day, inclusive. Default: today."})


class KpiQuerySchema(PeriodQuerySchema):
    service_point_id = Text(validate=validate.Length(1, 64), metadata={
        "description": "One service point (network dispatchers and admins: any point; point "
                       "dispatchers: only their own, which is also their default)."})


class KpiSchema(Schema):
    date_from = fields.Date(data_key="from", metadata={"description": "The period measured."})
    date_to = fields.Date(data_key="to")
    service_point_id = fields.String(allow_none=True, metadata={
        "description": "The point measured; null for the whole network."})
    jobs_booked = _count("Jobs booked in the period.")
    jobs_completed = _count("Jobs completed in the period.")
    on_time_rate = _rate("Jobs first reached in the period that were reached on time.")
    target_rate = _rate("Jobs first reached in the period that were reached by the internal "
                        "target.")
    median_minutes_to_site = fields.Float(allow_none=True, metadata={
        "description": "Median minutes from booking to first arrival, of jobs first reached "
                       "in the period; null if none."})
    promise_breaches = _count("Jobs whose on-site promise was recorded as broken in the period.")
    median_minutes_to_accept = fields.Float(allow_none=True, metadata={
        "description": "Median minutes from booking to acceptance, of jobs accepted in the "
                       "period; null if none."})
    warned_before_late_rate = _rate("Late jobs (promise due in the period and missed) whose "
                                    "customer was warned before the promise.")
    satisfaction_rate = _rate("Satisfied answers among the feedback on jobs completed in the "
                              "period.")
    feedback_rate = _rate("Jobs completed in the period that have the customer's feedback.")
    complaint_rate = _rate("Jobs completed in the period with at least one complaint.")
    courtesies_per_job = fields.Float(allow_none=True, metadata={
        "description": "Courtesies per job completed in the period, 4 decimals; null if none "
                       "was completed."})
    first_visit_fix_rate = _rate("Repairs completed in the period that were fixed on the "
                                 "first visit.")
    callbacks_done_rate = _rate("Callbacks queued in the period that have been made.")
    reassignments = _count("Jobs taken from a point in the period: lapsed or reassigned.")
    calls = _count("Hotline calls that rang in the period (answered or abandoned).")
    answered_within_three_rings_rate = _rate("Calls answered in the period that were answered "
                                             "within the ring standard (3 rings).")
    hold_bands = fields.Nested(lambda: HoldBandsSchema(), metadata={
        "description": "Answered calls by their longest hold."})
    abandoned_rate = _rate("Calls in the period that the caller gave up before an answer.")
    messages_returned_on_time_rate = _rate(
        "Messages the hotline took in the period that were returned (their `message` "
        "callback recorded) by the time the caller was promised.")
    median_hours_to_resolve_complaint = fields.Float(allow_none=True, metadata={
        "description": "Median hours from opening to resolution of the complaints resolved in "
                       "the period, 1 decimal; null if none."})
    goodwill_confirmed = _count("Goodwill gestures dispatchers confirmed in the period.")


class HoldBandsSchema(Schema):
    none = _count("Answered calls never put on hold.")
    short = _count("Longest hold up to 60 s.")
    long = _count("Longest hold over 60 s, up to 3 minutes.")
    very_long = _count("Longest hold over 3 minutes.")


class StandardIndicatorSchema(Schema):
    name = fields.String(metadata={"enum": list(INDICATOR_NAMES)})
    value = fields.Float(allow_none=True, metadata={
        "description": "The measure for the period; null when nothing was measured."})
    target = fields.Float(metadata={"description": "The target (configurable)."})
    direction = fields.String(metadata={
        "enum": [AT_LEAST, AT_MOST],
        "description": "at_least: the value must reach the target; at_most: it must not "
                       "exceed it. Exactly the target meets it."})
    met = fields.Boolean(allow_none=True, metadata={
        "description": "Whether the value met its target; null when nothing was measured."})


class StandardAreaSchema(Schema):
    area = fields.String(metadata={"enum": list(AREA_NAMES)})
    score = fields.Float(allow_none=True, metadata={
        "description": "The share (0..1, 4 decimals) of the area's measured indicators that "
                       "met their target; null when none was measured."})
    indicators = fields.List(fields.Nested(StandardIndicatorSchema))


class ServiceTypesQuerySchema(PeriodQuerySchema, PageArgs):
    pass


class PointRefSchema(Schema):
    id = fields.String()
    name = fields.String()


class ServiceTypeSchema(Schema):
    service_point = fields.Nested(PointRefSchema)
    type = fields.String(allow_none=True, metadata={
        "enum": list(TYPES) + [None],
        "description": "null: fewer jobs completed in the period than the minimum."})
    standard_score = fields.Float(allow_none=True, metadata={
        "description": "The standardised side, 0..1; null when nothing was measured."})
    personal_score = fields.Float(allow_none=True, metadata={
        "description": "The personal side, 0..1; null when nothing was measured."})
    jobs = _count("Jobs the point completed in the period.")
