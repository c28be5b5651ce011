"""Units: a customer's air conditioners and their warranty."""

from flask import current_app
from flask.views import MethodView

from backend.services import settings, units
from mobile_api.auth import current_actor, roles_required
from mobile_api.blueprint import Blueprint
from mobile_api.idempotency import idempotent
from mobile_api.request_time import request_now
from mobile_api.schemas.common import PageArgs, paged
from mobile_api.schemas.units import UnitInSchema, UnitSchema

blp = Blueprint("units", __name__, url_prefix="/api/v1/units", description="Units and warranty")


def with_warranty(unit):
    """The unit with its warranty status as of today in the network's time zone."""
    terms = units.terms_of(unit)
    unit.warranty = {"policy": terms.policy, "whole_unit_until": terms.whole_unit_until,
                     "main_parts_until": terms.main_parts_until,
                     "status": terms.status_on(settings.local_day(request_now()))}
    return unit


@blp.route("")
class Units(MethodView):
    @roles_required("customer")
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, UnitSchema(many=True))
    def get(self, args):
        """The caller's units"""
        found, headers = paged(args, lambda offset, limit:
                               units.units_of(current_actor().id, offset, limit))
        return [with_warranty(u) for u in found], headers

    @roles_required("customer")
    @idempotent
    @blp.arguments(UnitInSchema)
    @blp.response(201, UnitSchema)
    def post(self, body):
        """Register a unit"""
        unit = units.register_unit(current_actor().id, body, request_now(),
                                   current_app.config["WARRANTY_NOTICE_DAYS"])
        return with_warranty(unit)


@blp.route("/<unit_id>")
class Unit(MethodView):
    @roles_required("customer")
    @blp.response(200, UnitSchema)
    def get(self, unit_id):
        """One of the caller's units"""
        return with_warranty(units.unit_of(current_actor().id, unit_id))
