"""Is the service up and its database reachable?"""
from flask import Blueprint
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from backend.db import db
from backend.i18n import N_
from mobile_api.errors import problem

blp = Blueprint("health", __name__)


@blp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        return problem(503, N_("The database cannot be reached: %(error)s."),
                       params={"error": type(error).__name__})
    return {"status": "ok"}
