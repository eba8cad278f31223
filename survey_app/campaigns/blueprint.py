"""The campaigns blueprint object, shared by the page modules that add routes to it."""

from flask import Blueprint

from ..models import Role

# The folder holds copy.js: copy buttons and the company select's auto-refresh, both optional.
bp = Blueprint(
    "campaigns",
    __name__,
    url_prefix="/campaigns",
    static_folder="static",
    static_url_path="/assets",
)
LEADERS = (Role.LEADER, Role.ADMIN)
