"""Follow-up: the calls dispatchers owe customers, and complaints to resolve."""

from flask.views import MethodView

from backend.services import callbacks
from mobile_api.auth import current_actor, roles_required
from mobile_api.blueprint import Blueprint
from mobile_api.request_time import request_now
from mobile_api.schemas.common import paged
from mobile_api.schemas.followup import (CallbackQuerySchema, CallbackRecordSchema,
                                         CallbackSchema, ComplaintQuerySchema,
                                         ComplaintResolveSchema, ComplaintSchema)

blp = Blueprint("followup", __name__, url_prefix="/api/v1",
                description="Follow-up calls and complaints")


@blp.route("/callbacks")
class Callbacks(MethodView):
    @roles_required("dispatcher", "admin")
    @blp.arguments(CallbackQuerySchema, location="query")
    @blp.response(200, CallbackSchema(many=True))
    def get(self, args):
        """Open follow-up calls, the longest-waiting first (oldest due_at); due=true for
        those due now"""
        actor, now = current_actor(), request_now()
        return paged(args, lambda offset, limit: callbacks.open_callbacks(
            actor, now, offset, limit, args.get("due")))


@blp.route("/callbacks/<callback_id>/record")
class RecordCallback(MethodView):
    @roles_required("dispatcher", "admin")
    @blp.arguments(CallbackRecordSchema)
    @blp.response(200, CallbackSchema)
    def post(self, body, callback_id):
        """Record how a follow-up call went (once)"""
        return callbacks.record_callback(
            current_actor(), callback_id, body["reached"], body["satisfied"], body["note"],
            request_now())


@blp.route("/complaints")
class Complaints(MethodView):
    @roles_required("dispatcher", "admin")
    @blp.arguments(ComplaintQuerySchema, location="query")
    @blp.response(200, ComplaintSchema(many=True))
    def get(self, args):
        """Complaints, the longest-waiting first (oldest created_at)"""
        actor = current_actor()
        return paged(args, lambda offset, limit: callbacks.complaints(
            actor, offset, limit, args.get("status")))


@blp.route("/complaints/<complaint_id>/resolve")
class ResolveComplaint(MethodView):
    @roles_required("dispatcher", "admin")
    @blp.arguments(ComplaintResolveSchema)
    @blp.response(200, ComplaintSchema)
    def post(self, body, complaint_id):
        """Resolve a complaint (once)"""
        return callbacks.resolve_complaint(current_actor(), complaint_id, body["resolution"],
                                           request_now())
