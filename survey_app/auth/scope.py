"""The signed-in user's view of results, and the guard that keeps a team-scoped leader in it.

A team-scoped leader reads results: the dashboards, trends, reports and exports of the
campaigns that ran with one of their teams, and the lists of those companies and campaigns.
Everything else a leader may do (create or edit companies and campaigns, invite, open, close,
prospects) shows every team of a company, so it is refused: a 403 on their organisation's own
objects in scope, and a 404 on any object out of their scope, exactly as on another
organisation's (one check here, before any view runs, so a page cannot forget it).

Each page that may be read still passes :func:`current_viewer` to
:func:`survey_app.results.campaign.campaign_results`, which narrows what is shown.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, has_request_context, request
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import Campaign, Company
from ..results.scope import UNSCOPED, Viewer, viewer_of
from .access import _names_only_own_objects, org_id

# What a team-scoped leader may open (each reads results through their viewer).
SCOPED_ENDPOINTS = frozenset(
    {
        "main.index",
        "companies.index",
        "companies.detail",
        "campaigns.index",
        "dashboard.campaign",
        "dashboard.trends",
        "reports.campaign_pdf",
        "reports.company_pdf",
        "reports.campaign_status",  # the PDF's progress, and trying a failed one again
        "reports.company_status",
        "reports.campaign_retry",
        "reports.company_retry",
        "exports.campaign_csv",
        "exports.campaign_xlsx",
    }
)
# Pages about the person, not the organisation's results: open to every signed-in user.
PERSONAL_BLUEPRINTS = frozenset({"auth", "password", "account", "selfcheck", "surveys", "branding"})
# The REST API scopes itself to its token owner's viewer (survey_app/api: the same door for
# results, 404 outside their teams, 403 on a scoped token's writes); its token, not the cookie,
# is who is asking there.
SELF_SCOPED_BLUEPRINTS = frozenset({"api", "api-docs"})
PERSONAL_ENDPOINTS = frozenset({"main.healthz", "main.readyz"})
# URL arguments naming an object that belongs to a company (a prospect is a company too).
_COMPANY_ARGS = ("company_id", "prospect_id")


_CACHE = "survey_app.viewer"


def current_viewer() -> Viewer:
    """Who is looking, for :func:`campaign_results`: worked out once per request (kept in the
    request's environ, which, unlike ``g``, never outlives the request)."""
    if not current_user.is_authenticated:
        return UNSCOPED
    if not has_request_context():
        return viewer_of(current_user)
    cached = request.environ.get(_CACHE)
    if cached is None or cached[0] != current_user.id:
        cached = request.environ[_CACHE] = (current_user.id, viewer_of(current_user))
    return cached[1]  # type: ignore[no-any-return]


def _in_scope(viewer: Viewer, view_args: dict[str, Any]) -> bool:
    """Whether every object the URL names is one the viewer may see."""
    for name in _COMPANY_ARGS:
        if name in view_args:
            company = db.session.scalar(
                select(Company).where(
                    Company.id == view_args[name], Company.organization_id == org_id()
                )
            )
            if company is None or not viewer.sees_company(company):
                return False
    if "campaign_id" in view_args:
        campaign = db.session.scalar(
            select(Campaign).where(
                Campaign.id == view_args["campaign_id"], Campaign.organization_id == org_id()
            )
        )
        if campaign is None or not viewer.sees_campaign(campaign):
            return False
    # An assessment belongs to a prospect, which has no teams: never in a scope.
    return "assessment_id" not in view_args


def guard_scope() -> None:
    """``before_request``: a team-scoped leader stays within their teams (see the module)."""
    endpoint = request.endpoint
    if endpoint is None or not current_user.is_authenticated:
        return
    blueprint = endpoint.rsplit(".", 1)[0] if "." in endpoint else ""
    if blueprint in SELF_SCOPED_BLUEPRINTS:
        return
    if endpoint == "static" or endpoint.endswith(".static") or blueprint in PERSONAL_BLUEPRINTS:
        return
    viewer = current_viewer()
    if not viewer.scoped or endpoint in PERSONAL_ENDPOINTS:
        return
    args = request.view_args or {}
    if not _names_only_own_objects(args) or not _in_scope(viewer, args):
        abort(404)
    if endpoint not in SCOPED_ENDPOINTS:
        abort(403)


def may_open(endpoint: str) -> bool:
    """Whether the guard lets the signed-in user open ``endpoint`` (of their own objects):
    pages leave out a link or a button that could only answer 403 (a template global)."""
    blueprint = endpoint.rsplit(".", 1)[0] if "." in endpoint else ""
    if blueprint in PERSONAL_BLUEPRINTS or blueprint in SELF_SCOPED_BLUEPRINTS:
        return True
    return not current_viewer().scoped or endpoint in SCOPED_ENDPOINTS | PERSONAL_ENDPOINTS


def install_scope_guard(app: Flask) -> None:
    app.before_request(guard_scope)
    app.jinja_env.globals["may_open"] = may_open
