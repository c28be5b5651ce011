from datetime import date

from marshmallow import fields, validate

from mobile_api.schemas.common import Schema, Text

# Wide enough for any history the network keeps, narrow enough that a period's midnights are
# real instants (date.max has no next midnight).
_DATES = validate.Range(min=date(2000, 1, 1), max=date(2999, 12, 31))


def _rate(description):
    return fields.Float(allow_none=True, metadata={
        "description": f"{description} 0..1, 4 decimals; null when nothing was measured."})


def _count(description):
    return fields.Integer(metadata={"description": description})


class KpiQuerySchema(Schema):
    date_from = fields.Date(data_key="from", validate=_DATES, metadata={
        "description": "First local day (network time zone), inclusive. Default: 29 days "
                       "before `to`."})
    date_to = fields.Date(data_key="to", validate=_DATES, metadata={
        "description": "Last local day, inclusive. Default: today."})
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
