"""The OpenAPI document and interactive docs, served with no internet access."""
from flask import Blueprint as FlaskBlueprint
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


class ProblemApi(Api):
    ERROR_SCHEMA = ProblemSchema


def init_app(app):
    api = ProblemApi(app, spec_kwargs={"components": {"securitySchemes": {
        "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}}})
    app.register_blueprint(assets)
    return api
