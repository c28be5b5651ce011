"""Service points: found by anyone, managed by admins."""

from flask.views import MethodView

from backend.domain.errors import Invalid
from backend.i18n import N_
from backend.services import network
from mobile_api.auth import current_actor, roles_required
from mobile_api.blueprint import Blueprint
from mobile_api.idempotency import idempotent
from mobile_api.request_time import request_now
from mobile_api.schemas.accounts import StaffSchema
from mobile_api.schemas.common import PageArgs, page_of
from mobile_api.schemas.network import (ServicePointInSchema, ServicePointPatchSchema,
                                        ServicePointQuerySchema, ServicePointSchema)

blp = Blueprint("service_points", __name__, url_prefix="/api/v1/service-points",
                description="The service network")


def _with_distance(point, distance_km):
    point.distance_km = round(distance_km, 3)
    return point


@blp.route("")
class ServicePoints(MethodView):
    @blp.arguments(ServicePointQuerySchema, location="query")
    @blp.response(200, ServicePointSchema(many=True))
    def get(self, args):
        """Active service points; nearest first, with distance, when lat and lon are given"""
        if ("lat" in args) != ("lon" in args):
            raise Invalid("give both lat and lon, or neither",
                          {"lat" if "lon" in args else "lon": [N_("Required with the other.")]})
        service, brand = args.get("service"), args.get("brand")
        if "lat" in args:
            points = [_with_distance(p, km) for p, km in
                      network.points_near(args["lat"], args["lon"], service, brand)]
        else:
            points = network.active_points(service, brand)
        return page_of(args, points)

    @roles_required("admin")
    @idempotent
    @blp.arguments(ServicePointInSchema)
    @blp.response(201, ServicePointSchema)
    def post(self, body):
        """Add a service point"""
        return network.add_service_point(body, request_now())


@blp.route("/<point_id>")
class ServicePoint(MethodView):
    @blp.response(200, ServicePointSchema)
    def get(self, point_id):
        """One service point"""
        return network.get_service_point(point_id)

    @roles_required("admin")
    @blp.arguments(ServicePointPatchSchema(partial=ServicePointPatchSchema.CHANGEABLE))
    @blp.response(200, ServicePointSchema)
    def patch(self, body, point_id):
        """Change a service point, e.g. {"active": false}"""
        return network.update_service_point(point_id, body, request_now())


@blp.route("/<point_id>/technicians")
class PointTechnicians(MethodView):
    @roles_required("dispatcher", "admin")
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, StaffSchema(many=True))
    def get(self, args, point_id):
        """The point's active technicians with their certifications, by name: whom a
        dispatcher may hand a job to (a point's dispatcher sees only their own point's)"""
        return page_of(args, network.technicians_of(current_actor(), point_id))
