"""The caller's notifications, newest first."""

from flask.views import MethodView

from backend.services import notifications
from mobile_api.auth import current_actor, roles_required
from mobile_api.blueprint import Blueprint
from mobile_api.request_time import request_now
from mobile_api.schemas.common import PageArgs, paged
from mobile_api.schemas.notifications import NotificationSchema

blp = Blueprint("notifications", __name__, url_prefix="/api/v1/notifications",
                description="Notifications")


@blp.route("")
class Notifications(MethodView):
    @roles_required()
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, NotificationSchema(many=True))
    def get(self, args):
        """The caller's notifications, newest first"""
        return paged(args, lambda offset, limit:
                     notifications.notifications_of(current_actor().id, offset, limit))


@blp.route("/<notification_id>/read")
class Read(MethodView):
    @roles_required()
    @blp.response(200, NotificationSchema)
    def post(self, notification_id):
        """Mark a notification read"""
        return notifications.mark_read(current_actor().id, notification_id,
                                       request_now())
