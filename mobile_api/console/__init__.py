"""The dispatchers' console: one page and its static files, a browser client of /api/v1.

Everything it runs is served from here (no CDN, no inline script or style), and the browser
is told so by a Content-Security-Policy on every response of this blueprint."""
from flask import Blueprint, render_template

POLICY = "; ".join((
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
))

blp = Blueprint("console", __name__, url_prefix="/console", template_folder="templates",
                static_folder="static")


@blp.get("/")
def index():
    return render_template("console/index.html")


@blp.after_request
def _confine(response):
    response.headers["Content-Security-Policy"] = POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
