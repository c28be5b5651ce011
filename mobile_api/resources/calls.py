"""The hotline's call log (dispatchers and admins; a telephone exchange posts as a dispatcher)."""
from flask.views import MethodView

from backend.services import calls
from mobile_api.auth import current_actor, roles_required
from mobile_api.blueprint import Blueprint
from mobile_api.idempotency import idempotent
from mobile_api.request_time import request_now
from mobile_api.schemas.calls import CallInSchema, CallQuerySchema, CallSchema, call_view
from mobile_api.schemas.common import paged

blp = Blueprint("calls", __name__, url_prefix="/api/v1/calls", description="The hotline")


@blp.route("")
class Calls(MethodView):
    @roles_required("dispatcher", "admin")
    @blp.arguments(CallQuerySchema, location="query")
    @blp.response(200, CallSchema(many=True))
    def get(self, args):
        """The calls the caller may see, newest first"""
        page, headers = paged(args, lambda offset, limit: calls.calls(
            current_actor(), offset, limit, args.get("start"), args.get("end"),
            args.get("phone")))
        return [call_view(call, calls.message_callback(call)) for call in page], headers

    @roles_required("dispatcher", "admin")
    @idempotent
    @blp.arguments(CallInSchema)
    @blp.response(201, CallSchema)
    def post(self, body):
        """Log a call: rings, holds and the answer standard are worked out from its times"""
        call = calls.log_call(current_actor(), body, request_now())
        return call_view(call, calls.message_callback(call))
