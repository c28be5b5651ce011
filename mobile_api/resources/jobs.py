"""Jobs: booked by customers, seen by every role as far as it may."""

from flask.views import MethodView

from backend.services import (booking, followup, goodwill, hotline_booking, job_actions,
                              job_queries)
from mobile_api.auth import current_actor, roles_required
from mobile_api.blueprint import Blueprint
from mobile_api.idempotency import idempotent
from mobile_api.request_time import request_now
from mobile_api.schemas.common import paged
from mobile_api.schemas.followup import ComplaintSchema
from mobile_api.schemas.jobs import (ArriveSchema, AssignSchema, CancelSchema,
                                    CompleteSchema, ComplaintInSchema,
                                    DelaySchema, DepartSchema, FeedbackInSchema,
                                    GoodwillInSchema, GoodwillSchema, JobInSchema,
                                    JobQuerySchema, JobSchema, job_view)

blp = Blueprint("jobs", __name__, url_prefix="/api/v1/jobs", description="Jobs")


@blp.route("")
class Jobs(MethodView):
    @roles_required()
    @blp.arguments(JobQuerySchema, location="query")
    @blp.response(200, JobSchema(many=True))
    def get(self, args):
        """The jobs the caller may see, newest first"""
        actor = current_actor()
        jobs, headers = paged(args, lambda offset, limit: job_queries.visible_jobs(
            actor, offset, limit, args.get("status"), args.get("at_risk"), args.get("open"),
            args.get("breached"), args["order"]))
        return [job_view(job, actor) for job in jobs], headers

    @roles_required("customer", "dispatcher", "admin")
    @idempotent
    @blp.arguments(JobInSchema)
    @blp.response(201, JobSchema)
    def post(self, body):
        """Book a job; it is placed at once at the nearest eligible service point.

        A customer books for themselves; a dispatcher (the hotline) books for a caller named
        in `customer`, who is told by message."""
        actor = current_actor()
        if actor.dispatches:
            job = hotline_booking.book_for_caller(actor, body, request_now())
        else:
            job = booking.book_job(actor.id, body, request_now())
        return job_view(job, actor)


@blp.route("/<job_id>")
class Job(MethodView):
    @roles_required()
    @blp.response(200, JobSchema)
    def get(self, job_id):
        """One job"""
        actor = current_actor()
        return job_view(job_queries.job_for(actor, job_id), actor)


def _act(action, job_id, *args):
    """Run one job action for the caller now and show them the job it leaves."""
    actor = current_actor()
    return job_view(action(actor, job_id, *args, request_now()), actor)


@blp.route("/<job_id>/accept")
class Accept(MethodView):
    @roles_required("technician")
    @blp.response(200, JobSchema)
    def post(self, job_id):
        """Accept a job offered to your service point"""
        return _act(job_actions.accept, job_id)


@blp.route("/<job_id>/depart")
class Depart(MethodView):
    @roles_required("technician")
    @blp.arguments(DepartSchema)
    @blp.response(200, JobSchema)
    def post(self, body, job_id):
        """On the way, expected at `eta`"""
        return _act(job_actions.depart, job_id, body["eta"])


@blp.route("/<job_id>/delay")
class Delay(MethodView):
    @roles_required("technician")
    @blp.arguments(DelaySchema)
    @blp.response(200, JobSchema)
    def post(self, body, job_id):
        """Running late: a new `eta` and why"""
        return _act(job_actions.delay, job_id, body["eta"], body["reason"])


@blp.route("/<job_id>/arrive")
class Arrive(MethodView):
    @roles_required("technician")
    @blp.arguments(ArriveSchema)
    @blp.response(200, JobSchema)
    def post(self, body, job_id):
        """Arrived on site; decides whether the visit was on time"""
        return _act(job_actions.arrive, job_id, body["location"])


@blp.route("/<job_id>/complete")
class Complete(MethodView):
    @roles_required("technician")
    @blp.arguments(CompleteSchema)
    @blp.response(200, JobSchema)
    def post(self, body, job_id):
        """Close the visit: resolution, parts, courtesies, the customer's confirmation"""
        return _act(job_actions.complete, job_id, body)


@blp.route("/<job_id>/cancel")
class Cancel(MethodView):
    @roles_required("customer", "dispatcher", "admin")
    @blp.arguments(CancelSchema)
    @blp.response(200, JobSchema)
    def post(self, body, job_id):
        """Cancel the job (not once the technician has arrived)"""
        return _act(job_actions.cancel, job_id, body["reason"])


@blp.route("/<job_id>/assign")
class Assign(MethodView):
    @roles_required("dispatcher", "admin")
    @blp.arguments(AssignSchema)
    @blp.response(200, JobSchema)
    def post(self, body, job_id):
        """Place a pending job, or move a job to another point or technician"""
        return _act(job_actions.assign, job_id, body)


@blp.route("/<job_id>/feedback")
class Feedback(MethodView):
    @roles_required("customer")
    @idempotent
    @blp.arguments(FeedbackInSchema)
    @blp.response(201, JobSchema)
    def post(self, body, job_id):
        """Say whether you were satisfied (once, after completion)"""
        return _act(followup.give_feedback, job_id, body)


@blp.route("/<job_id>/complaints")
class Complaints(MethodView):
    @roles_required("customer")
    @idempotent
    @blp.arguments(ComplaintInSchema)
    @blp.response(201, ComplaintSchema)
    def post(self, body, job_id):
        """Complain about a job"""
        return followup.file_complaint(current_actor(), job_id, body["text"], request_now())


@blp.route("/<job_id>/goodwill")
class Goodwill(MethodView):
    @roles_required("dispatcher", "admin")
    @idempotent
    @blp.arguments(GoodwillInSchema)
    @blp.response(201, GoodwillSchema)
    def post(self, body, job_id):
        """Confirm a goodwill gesture on a job that lapsed, breached, or left its customer
        unhappy; the customer is told"""
        return goodwill.confirm(current_actor(), job_id, body["gesture"], body["note"],
                                request_now())
