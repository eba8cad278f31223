"""The companies blueprint, shared by the page modules that add routes to it."""

from flask import Blueprint

from ..models import Role

bp = Blueprint("companies", __name__, url_prefix="/companies")
LEADERS = (Role.LEADER, Role.ADMIN)
