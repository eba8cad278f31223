from flask import Blueprint

bp = Blueprint("campaigns", __name__, url_prefix="/campaigns")


@bp.get("/")
def index() -> str:
    return "placeholder"
