"""Reports: the measurable indicators, for dispatchers and admins."""

from flask.views import MethodView

from backend.domain import indicators
from backend.services import kpis, settings
from mobile_api.auth import current_actor, roles_required
from mobile_api.blueprint import Blueprint
from mobile_api.request_time import request_now
from mobile_api.schemas.reports import KpiQuerySchema, KpiSchema

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
        point is a 403. Customers and technicians get 403. A job counts for the point that
        holds it now.

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
          dispatcher) timeline events in the period.
        """
        today = settings.local_day(request_now())
        date_from, date_to = indicators.resolve_period(
            args.get("date_from"), args.get("date_to"), today)
        return kpis.kpis(current_actor(), date_from, date_to, args.get("service_point_id"))
