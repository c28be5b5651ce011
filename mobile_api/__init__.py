"""The HTTP edge: the API the phone app and the dispatch console are built against."""
import backend
from mobile_api import auth, client_limits, console, docs, errors, limits, locale
from mobile_api.resources import register


def create_app(test_config=None):
    app = backend.create_app(test_config, import_name=__name__,
                             locale_selector=locale.of_request)
    app.config.update(
        API_TITLE="Air-conditioner service dispatch",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL=docs.ASSETS_URL,
        JSON_SORT_KEYS=False,
    )
    app.json.sort_keys = False
    auth.init_app(app)
    api = docs.init_app(app)
    errors.init_app(app)
    limits.init_app(app)
    register(app, api)
    app.register_blueprint(console.blp)
    client_limits.init_app(app)
    return app
