"""Reports: the measurable indicators, for dispatchers and admins."""
import json

from flask.views import MethodView

from backend.domain import indicators
from backend.services import kpis, service_types, settings, standards
from mobile_api.auth import current_actor, roles_required
from mobile_api.blueprint import Blueprint
from mobile_api.request_time import request_now
from mobile_api.schemas.common import page_of
from mobile_api.schemas.reports import (KpiQuerySchema, KpiSchema, ServiceTypeSchema,
                                        ServiceTypesQuerySchema, StandardAreaSchema,
                                        TimeToSiteSchema)

blp = Blueprint("reports", __name__, url_prefix="/api/v1", description="reports")


@blp.route("/reports/kpis")
class Kpis(MethodView):
    @roles_required("dispatcher", "admin")
    # A mistyped `from` must not quietly report the default period instead.
    @blp.arguments(KpiQuerySchema, location="query")
    @blp.response(200, KpiSchema)
    def get(self, args):
        """The measurable indicators for a period, for the network or one service point

        **Period.** `from`..`to` are local dates (`YYYY-MM-DD`) in the network's time zone,
        both inclusive: from the first day's midnight to the midnight after the last. `to`
        defaults to today, `from` to 29 days before `to` (30 days). A date that does not parse,
        or lies outside 2000-01-01..2999-12-31, or `from` after `to`, is a 422 naming the field;
        so is an unknown query parameter.

        **Scope.** A network dispatcher or an admin sees the whole network, or one point with
        `service_point_id` (an unknown id is a 422 naming `service_point_id`). A point
        dispatcher sees their own point, with or without `service_point_id`; naming another
        point is a 403. Customers and technicians get 403. A lapse or a breach counts for the
        point that had the job when it happened (the point named by its timeline event); the
        rest counts for the point that holds the job now.

        **Figures.** Rates are shares 0..1 rounded to 4 decimals, null when their denominator
        is empty; medians are minutes to 1 decimal, null when there is nothing to take the
        median of.
        - `jobs_booked`: jobs created in the period.
        - `jobs_completed`: jobs completed in the period.
        - `on_time_rate`: of the jobs first reached (arrived) in the period, those on time
          (by the promise, or inside the customer's window).
        - `target_rate`: of the same jobs, those reached by the internal target
          (`arrived_at <= target_on_site_by`).
        - `median_minutes_to_site`: of the same jobs, booking to first arrival (including any
          wait for a window the customer chose).
        - `promise_breaches`: jobs whose breach was recorded in the period.
        - `median_minutes_to_accept`: of the jobs accepted in the period (by a technician, or
          given to one by a dispatcher), booking to that acceptance; a job moved to another
          point is timed to its last acceptance.
        - `warned_before_late_rate`: of the late jobs (promise `on_site_by` due in the period,
          and a breach recorded or the first arrival after it), those whose customer was warned
          before the promise: a `running_late` notice, or the job marked at risk.
        - `satisfaction_rate`: of the jobs completed in the period with feedback, those whose
          customer was satisfied (feedback given later still counts for the period of
          completion).
        - `feedback_rate`: jobs completed in the period with feedback / jobs completed.
        - `complaint_rate`: jobs completed in the period with at least one complaint (filed by
          the customer or opened by an unsatisfied answer) / jobs completed.
        - `courtesies_per_job`: courtesies given on the jobs completed in the period (on any of
          their visits) / jobs completed.
        - `first_visit_fix_rate`: repairs completed in the period fixed on the first visit /
          repairs completed.
        - `callbacks_done_rate`: callbacks queued in the period that have been recorded (by
          now) / callbacks queued in the period.
        - `reassignments`: "lapsed" (no answer by `respond_by`) and "reassigned" (moved by a
          dispatcher) timeline events in the period, charged to the point the job was taken
          from.
        - `calls`: hotline calls that rang in the period; `answered_within_three_rings_rate`:
          of those answered, the share answered within the ring standard; `hold_bands`: the
          answered calls by their longest hold (`none`; `short` up to 60 s; `long` up to 3
          minutes; `very_long` beyond); `abandoned_rate`: abandoned calls / calls. For one
          point: the calls about its jobs.
        - `messages_returned_on_time_rate`: of the `message` callbacks queued in the period,
          those recorded by the time the caller was promised (`due_at`).
        - `median_hours_to_resolve_complaint`: of the complaints resolved in the period,
          opening to resolution, in hours to 1 decimal.
        - `goodwill_confirmed`: goodwill gestures confirmed by dispatchers in the period.
        """
        date_from, date_to = _period(args)
        return kpis.kpis(current_actor(), date_from, date_to, args.get("service_point_id"))


@blp.route("/reports/time-to-site")
class TimeToSite(MethodView):
    @roles_required("dispatcher", "admin")
    @blp.arguments(KpiQuerySchema, location="query")
    @blp.response(200, TimeToSiteSchema)
    def get(self, args):
        """How long it took to reach the customers: the spread behind the median

        Period and scope as for `/reports/kpis`. Of the jobs first reached (arrived) in the
        period, booking to first arrival in minutes, counted into buckets `[from, to)`: under
        an hour, 1-2 h, 2-4 h, 4-6 h (the internal target), 6-12 h, 12-24 h (the promise),
        and 24 h or more (`to: null`)."""
        date_from, date_to = _period(args)
        return kpis.time_to_site(current_actor(), date_from, date_to,
                                 args.get("service_point_id"))


@blp.route("/reports/standards")
class Standards(MethodView):
    @roles_required("dispatcher", "admin")
    @blp.arguments(KpiQuerySchema, location="query")
    @blp.response(200, StandardAreaSchema(many=True))
    def get(self, args):
        """The seven standard areas of good service, each indicator against its target

        Period and scope as for `/reports/kpis`. The areas come in this order: `timeliness`
        (时限), `process` (流程), `adaptability` (适应性), `anticipation` (预见性),
        `communication` (信息沟通), `feedback` (顾客反馈), `supervision` (组织和监管). An area's
        `score` is the share of its measured indicators that met their target (null when
        none was measured); an indicator with no value (nothing to measure in the period) has
        `met: null` and does not count. Exactly reaching a target meets it.

        Targets are the trade's defaults unless the network sets its own in the
        `STANDARD_TARGETS` setting (JSON, e.g. `{"on_time_rate": 0.9}`).

        Indicators beyond the KPI report's (rates are shares of the period's jobs):
        - timeliness `breach_rate`: breaches / jobs booked.
        - process `accepted_in_time_rate`: jobs accepted in the period by their `respond_by`;
          `customer_confirmed_rate`: completed jobs the customer confirmed on site;
          `reassignment_rate`: jobs taken from a point / jobs placed (booked + taken).
        - adaptability `preferred_window_met_rate`: jobs with a customer's window reached
          inside it; `moved_unasked_rate`: jobs moved (lapsed or reassigned) before the
          customer had to complain.
        - anticipation `at_risk_recovered_rate`: of the jobs flagged at risk whose promise fell
          due in the period, those still reached by it.
        - communication `told_before_breach_rate`: breaches whose customer was warned first
          (a `running_late` notice or the at-risk flag); `notifications_delivered_rate`:
          messages written in the period and delivered; `long_hold_rate`: answered calls with a
          long or very long hold.
        - supervision `callbacks_on_time_rate`: callbacks made within `CALLBACK_ON_TIME_HOURS`
          (24) of falling due; `complaints_resolved_in_time_rate`: complaints opened in the
          period resolved within `COMPLAINT_RESOLVE_HOURS` (72);
          `goodwill_after_failure_rate`: breaches with a goodwill gesture confirmed.
        """
        date_from, date_to = _period(args)
        return standards.standards(current_actor(), date_from, date_to,
                                   args.get("service_point_id"))


@blp.route("/reports/service-types")
class ServiceTypes(MethodView):
    @roles_required("dispatcher", "admin")
    @blp.arguments(ServiceTypesQuerySchema, location="query")
    @blp.response(200, ServiceTypeSchema(many=True), headers={
        "X-Pagination": {"description": "Page metadata (JSON): total, page, per_page, "
                                        "total_pages.", "schema": {"type": "string"}},
        "X-Service-Types": {"description": "Points per type over every page (JSON): cold, "
                                           "procedural, friendly, quality, unplaced.",
                            "schema": {"type": "string"}}})
    def get(self, args):
        """Every service point the caller may see, placed in one of the four types of service

        Period as for `/reports/kpis`; a network dispatcher or admin sees every point (by
        name), a point dispatcher their own.

        **Scores.** `standard_score` is the mean of the standardised side's measured rates in
        the period: reached on time, reached by the internal target, accepted by `respond_by`,
        kept (jobs placed with the point and not taken from it), and repairs fixed at the
        first visit. `personal_score` is the mean of the personal side's: satisfied answers,
        completed jobs with at least one courtesy, and completed jobs without a complaint. A
        rate with nothing to measure is left out of its mean; a side with none is null.

        **Placement.** `quality` when both scores reach their threshold, `procedural` when
        only the standardised one does, `friendly` when only the personal one does, `cold`
        when neither. Exactly the threshold reaches it. A point that completed fewer jobs
        (`jobs`) in the period than the minimum is not placed (`type: null`). The thresholds
        are the settings `SERVICE_TYPE_STANDARD_THRESHOLD` and
        `SERVICE_TYPE_PERSONAL_THRESHOLD` (default 0.8 each) and the minimum
        `SERVICE_TYPE_MIN_JOBS` (default 20).

        Paged (`X-Pagination`); `X-Service-Types` holds the totals over every page as JSON:
        `{"cold", "procedural", "friendly", "quality", "unplaced"}`.
        """
        date_from, date_to = _period(args)
        placed, totals = service_types.service_types_of(current_actor(), date_from, date_to)
        items, headers = page_of(args, placed)
        return items, {**headers, "X-Service-Types": json.dumps(totals)}


def _period(args):
    today = settings.local_day(request_now())
    return indicators.resolve_period(args.get("date_from"), args.get("date_to"), today)
