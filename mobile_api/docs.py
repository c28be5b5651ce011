"""The OpenAPI document and interactive docs, served with no internet access."""
from flask import Blueprint as FlaskBlueprint
from apispec import BasePlugin
from flask import send_from_directory
from flask_smorest import Api
from swagger_ui_bundle import swagger_ui_path

from mobile_api.schemas.common import ProblemSchema

ASSETS_URL = "/api/v1/docs/assets/"

assets = FlaskBlueprint("docs_assets", __name__)


@assets.get(ASSETS_URL + "<path:filename>")
def swagger_asset(filename):
    # Swagger UI's scripts and styles come from the swagger-ui-bundle package, not a CDN.
    return send_from_directory(swagger_ui_path, filename)


PROBLEM = "application/problem+json"


class ProblemApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        # flask-smorest documents its error responses in its one response content type; ours
        # leave as problem+json, and the document must say what the server sends.
        self.DEFAULT_RESPONSE_CONTENT_TYPE = PROBLEM
        try:
            super()._register_responses()
        finally:
            del self.DEFAULT_RESPONSE_CONTENT_TYPE


class SchemaOptions(BasePlugin):
    """Documents what marshmallow checks but apispec does not say: a body that must name at
    least one field (`class Meta: min_properties = 1`)."""

    def schema_helper(self, name, definition, **kwargs):
        schema = kwargs.get("schema")
        schema_class = schema if isinstance(schema, type) else type(schema)
        minimum = getattr(getattr(schema_class, "Meta", None), "min_properties", None)
        return {"minProperties": minimum} if minimum else None


def init_app(app):
    api = ProblemApi(app, spec_kwargs={"extra_plugins": [SchemaOptions()], "components": {
        "securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}}})
    app.register_blueprint(assets)
    return api
