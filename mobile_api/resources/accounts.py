"""Accounts: register, sign in and out, who am I (and all I gave), and the staff."""
from flask import request
from flask.views import MethodView
from flask_jwt_extended import current_user, get_jwt

from backend.domain.errors import Unauthenticated
from backend.i18n import from_accept_language
from backend.services import accounts, personal_data, phone_codes, staff
from mobile_api.auth import (access_seconds, current_actor, access_token, roles_required, sign_in_expiry,
                             sign_in_tokens)
from mobile_api.schemas.calls import call_view
from mobile_api.schemas.common import paged
from mobile_api.schemas.jobs import job_view
from mobile_api.schemas.personal_data import ExportSchema
from mobile_api.blueprint import Blueprint
from mobile_api.idempotency import idempotent
from mobile_api.request_time import request_now
from mobile_api.resources.units import with_warranty
from mobile_api.schemas.accounts import (LoginSchema, MePatchSchema, MeSchema, RefreshedSchema,
                                         RegisterSchema, StaffInSchema, StaffPatchSchema,
                                         StaffQuerySchema, StaffSchema, TokensSchema,
                                         UserSchema)

blp = Blueprint("accounts", __name__, url_prefix="/api/v1", description="Accounts")


@blp.route("/auth/register")
class Register(MethodView):
    @blp.arguments(RegisterSchema)
    @blp.response(201, UserSchema)
    def post(self, body):
        """Register as a customer"""
        locale = body.get("locale") or from_accept_language(request.accept_languages)
        return phone_codes.register(body["name"], body["phone"], body["password"],
                                    request_now(), locale, body.get("code"))


@blp.route("/auth/login")
class Login(MethodView):
    @blp.arguments(LoginSchema)
    @blp.response(200, TokensSchema)
    def post(self, body):
        """Sign in with phone and password"""
        user = accounts.authenticate(body["phone"], body["password"], request_now())
        if user is None:
            raise Unauthenticated("Wrong phone or password.")
        access, refresh = sign_in_tokens(user)
        return {"access_token": access, "refresh_token": refresh, "token_type": "Bearer", "expires_in": access_seconds(), "user": user}


@blp.route("/auth/refresh")
class Refresh(MethodView):
    @roles_required(refresh=True)
    @blp.response(200, RefreshedSchema)
    def post(self):
        """A new access token for a refresh token"""
        return {"access_token": access_token(current_user, get_jwt()["sid"]),
                "expires_in": access_seconds()}


@blp.route("/auth/logout")
class Logout(MethodView):
    @roles_required(either_token=True)
    @blp.response(204)
    def post(self):
        """Sign out: every token of this sign-in (access and refresh) stops working"""
        accounts.end_sign_in(get_jwt()["sid"], sign_in_expiry(request_now()))


@blp.route("/me")
class Me(MethodView):
    @roles_required()
    @blp.response(200, MeSchema)
    def get(self):
        """The signed-in user"""
        return current_user

    @roles_required()
    @blp.arguments(MePatchSchema)
    @blp.response(200, MeSchema)
    def patch(self, changes):
        """Change the signed-in user's name or language"""
        return accounts.update_me(current_user.id, changes)

    @roles_required("customer")
    @blp.response(204)
    def delete(self):
        """Erase the signed-in customer's personal data and close the account

        Name, phone, the addresses of the jobs and the texts the customer wrote are erased;
        every token stops working; the jobs stay, anonymised, in the statistics."""
        personal_data.erase_customer(current_user.id, request_now())


@blp.route("/me/export")
class MyData(MethodView):
    @roles_required()
    @blp.response(200, ExportSchema)
    def get(self):
        """Everything the system holds about the signed-in user, as one document"""
        held, actor = personal_data.everything_about(current_user.id), current_actor()
        return {**held, "units": [with_warranty(unit) for unit in held["units"]],
                "jobs": [job_view(job, actor) for job in held["jobs"]],
                "calls": [call_view(call) for call in held["calls"]]}


@blp.route("/staff")
class Staff(MethodView):
    @roles_required("admin")
    @blp.arguments(StaffQuerySchema, location="query")
    @blp.response(200, StaffSchema(many=True))
    def get(self, args):
        """Technicians and dispatchers, by name"""
        return paged(args, lambda offset, limit: staff.staff_page(
            offset, limit, args.get("service_point_id"), args.get("role"), args.get("active")))

    @roles_required("admin")
    @idempotent
    @blp.arguments(StaffInSchema)
    @blp.response(201, StaffSchema)
    def post(self, body):
        """Add a technician or a dispatcher"""
        return accounts.add_staff(body["role"], body["name"], body["phone"], body["password"],
                                  request_now(), body["service_point_id"], body["certifications"],
                                  body["locale"])


@blp.route("/staff/<staff_id>")
class StaffMember(MethodView):
    @roles_required("admin")
    @blp.arguments(StaffPatchSchema)
    @blp.response(200, StaffSchema)
    def patch(self, changes, staff_id):
        """Change a technician or dispatcher; {"active": false} lets them go: signed out
        everywhere, and their open jobs back with their service point"""
        return staff.update_staff(current_actor(), staff_id, changes, request_now())
