from flask_smorest import Blueprint

blp = Blueprint("followup", __name__, url_prefix="/api/v1", description="followup")
