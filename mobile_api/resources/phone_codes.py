"""Codes sent to a phone, to take over an account the hotline opened for it."""
from flask import current_app
from flask.views import MethodView

from backend.services import phone_codes
from mobile_api.blueprint import Blueprint
from mobile_api.request_time import request_now
from mobile_api.schemas.phone_codes import PhoneCodeInSchema, PhoneCodeSentSchema

blp = Blueprint("phone codes", __name__, url_prefix="/api/v1/auth", description="Accounts")


@blp.route("/phone-codes")
class PhoneCodes(MethodView):
    @blp.arguments(PhoneCodeInSchema)
    @blp.response(202, PhoneCodeSentSchema)
    def post(self, body):
        """Send a code to the phone of an account our hotline opened, to register with it"""
        phone_codes.send_code(body["phone"], request_now())
        return {"phone": body["phone"],
                "expires_in": current_app.config["PHONE_CODE_MINUTES"] * 60}
