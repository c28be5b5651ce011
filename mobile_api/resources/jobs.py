"""Jobs: booked by customers, seen by every role as far as it may."""
from datetime import datetime, timezone

from flask.views import MethodView
from flask_smorest import Blueprint

from backend.services import booking, job_queries
from mobile_api.auth import current_actor, roles_required
from mobile_api.idempotency import idempotent
from mobile_api.schemas.common import paged
from mobile_api.schemas.jobs import JobInSchema, JobQuerySchema, JobSchema, job_view

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
            actor, offset, limit, args.get("status"), args.get("at_risk")))
        return [job_view(job, actor) for job in jobs], headers

    @roles_required("customer")
    @idempotent
    @blp.arguments(JobInSchema)
    @blp.response(201, JobSchema)
    def post(self, body):
        """Book a job; it is placed at once at the nearest eligible service point"""
        actor = current_actor()
        return job_view(booking.book_job(actor.id, body, datetime.now(timezone.utc)), actor)


@blp.route("/<job_id>")
class Job(MethodView):
    @roles_required()
    @blp.response(200, JobSchema)
    def get(self, job_id):
        """One job"""
        actor = current_actor()
        return job_view(job_queries.job_for(actor, job_id), actor)
