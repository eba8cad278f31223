"""``/api/v1/campaigns``: campaigns (create, open, close), invitations (add, counts), results.

Every write goes through the campaign services the pages use (survey_app/campaigns/services.py,
invitations.py), so the API keeps their rules and their messages: a refused change is a 422
problem whose ``errors`` are the services' own. Counts are counts, as on the invitations page
(survey_app/campaigns/progress.py): never who. Results are
:func:`survey_app.results.campaign.campaign_results` as the dashboard reads it, for the
token owner's teams.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from sqlalchemy import select

from ..campaigns import services
from ..campaigns.invitations import InviteError, invite_emails
from ..campaigns.progress import team_progress
from ..campaigns.stats import campaign_stats
from ..extensions import db
from ..models import Campaign, TokenScope
from ..results.campaign import campaign_results
from .auth import current_org_id, current_viewer, require, scoped
from .blueprint import bp
from .companies import own_company
from .results import results_json
from .schemas import (
    CampaignCreateSchema,
    CampaignQuerySchema,
    CampaignSchema,
    InvitationCountsSchema,
    InvitationsAddedSchema,
    InvitationsAddSchema,
    ResultsSchema,
)

F = TypeVar("F", bound=Callable[..., Any])


def own_campaign(campaign_id: int) -> Campaign:
    """The organisation's campaign the token owner may see, or 404 like any missing id."""
    campaign = db.session.scalar(
        select(Campaign).where(
            Campaign.id == campaign_id, Campaign.organization_id == current_org_id()
        )
    )
    if campaign is None or not current_viewer().sees_campaign(campaign):
        abort(404)
    return campaign


def found_first(view: F) -> F:
    """Find the campaign before the body is read: another organisation's id is a 404 whatever
    was sent, never a 422 that would tell the id exists only by its absence."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        own_campaign(kwargs["campaign_id"])
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _refused(errors: dict[str, list[str]], status: int = 422) -> None:
    from flask_smorest import abort as smorest_abort

    smorest_abort(status, errors=errors, message="The change was refused: see errors.")


@bp.get("/campaigns")
@bp.arguments(CampaignQuerySchema, location="query")
@bp.response(200, CampaignSchema(many=True))
def campaigns(query: dict[str, Any]) -> list[Campaign]:
    """The campaigns, newest first; ``company_id`` narrows them to one company."""
    where = [Campaign.organization_id == current_org_id()]
    if "company_id" in query:
        where.append(Campaign.company_id == own_company(query["company_id"]).id)
    rows = db.session.scalars(
        select(Campaign).where(*where).order_by(Campaign.created_at.desc(), Campaign.id.desc())
    )
    viewer = current_viewer()
    return [c for c in rows if viewer.sees_campaign(c)]


@bp.post("/campaigns")
@scoped(TokenScope.MANAGE_INVITATIONS)
@bp.arguments(CampaignCreateSchema)
@bp.response(201, CampaignSchema)
def create_campaign(body: dict[str, Any]) -> Campaign:
    """A new draft campaign (the same rules as the page's form). Needs *manage invitations*."""
    company = own_company(body["company_id"])
    data = services.CampaignInput(
        title=body["title"],
        instrument_keys=body["instruments"],
        team_ids=body["team_ids"],
        opens_on=body["opens_on"],
        closes_on=body["closes_on"],
        min_group_size=body.get("min_group_size") or company.organization.min_group_size,
    )
    try:
        return services.create_campaign(company, data)
    except services.CampaignError as exc:
        db.session.rollback()
        _refused(exc.errors)
        raise  # unreachable: _refused raises


@bp.get("/campaigns/<int:campaign_id>")
@bp.response(200, CampaignSchema)
def campaign(campaign_id: int) -> Campaign:
    """One campaign."""
    return own_campaign(campaign_id)


def _status_change(campaign_id: int, change: Any) -> Campaign:
    campaign = own_campaign(campaign_id)
    require(TokenScope.MANAGE_INVITATIONS)
    try:
        change(campaign)
    except services.StatusError as exc:
        db.session.rollback()
        _refused({"status": [str(exc)]}, 409)
    return campaign


@bp.post("/campaigns/<int:campaign_id>/open")
@bp.response(200, CampaignSchema)
def open_campaign(campaign_id: int) -> Campaign:
    """Open a draft campaign. Needs *manage invitations*; 409 when it is not a draft."""
    return _status_change(campaign_id, services.open_campaign)


@bp.post("/campaigns/<int:campaign_id>/close")
@bp.response(200, CampaignSchema)
def close_campaign(campaign_id: int) -> Campaign:
    """Close an open campaign. Needs *manage invitations*; 409 when it is not open."""
    return _status_change(campaign_id, services.close_campaign)


@bp.post("/campaigns/<int:campaign_id>/invitations")
@found_first
@bp.arguments(InvitationsAddSchema)
@bp.response(201, InvitationsAddedSchema)
def add_invitations(body: dict[str, Any], campaign_id: int) -> dict[str, Any]:
    """Invite addresses (each once; one invalid address refuses them all). Stores the
    invitations without mailing them: the campaign's invitations page sends them. Returns
    counts only, never a link. Needs *manage invitations*."""
    campaign = own_campaign(campaign_id)
    require(TokenScope.MANAGE_INVITATIONS)
    team_id = body["team_id"]
    if team_id is not None and not current_viewer().sees_team(team_id):
        _refused({"team_id": ["Choose one of your teams."]})
    try:
        result = invite_emails(campaign, "\n".join(body["emails"]), body["team_id"])
    except InviteError as exc:
        db.session.rollback()
        _refused({"emails": [str(exc)]})
    return {
        "created": len(result.created),
        "already_invited": len(result.skipped),
        "note": "Stored, not mailed: send them from the campaign's invitations page.",
    }


@bp.get("/campaigns/<int:campaign_id>/invitations")
@bp.response(200, InvitationCountsSchema)
def invitation_counts(campaign_id: int) -> dict[str, Any]:
    """How many invitations are pending, started and completed: for the campaign, and for each
    team with at least k invitations (a smaller team's counts would tell who answered)."""
    campaign = own_campaign(campaign_id)
    viewer = current_viewer()
    teams = [
        {
            "team_id": key,
            "label": row.label,
            "shown": row.shown,
            "invitations": row.invitations,
            "pending": row.pending,
            "started": row.started,
            "completed": row.completed,
        }
        for key, row in zip(campaign.team_labels, team_progress(campaign), strict=True)
        if viewer.sees_team(key)
    ]
    if viewer.scoped:  # no campaign-wide figure for a team-scoped reader
        return {"teams": teams}
    stats = campaign_stats(campaign)
    return {
        "invitations": stats.invitations,
        "pending": stats.pending,
        "started": stats.started,
        "completed": stats.completed,
        "open_link_unfinished": stats.open_unfinished,
        "teams": teams,
    }


@bp.get("/campaigns/<int:campaign_id>/results")
@bp.response(200, ResultsSchema)
def results(campaign_id: int) -> dict[str, Any]:
    """The dashboard's results: nothing below k, complementary suppression, and while the
    campaign is open its published snapshot. Needs *read results*."""
    campaign = own_campaign(campaign_id)
    require(TokenScope.READ_RESULTS)
    return results_json(campaign_results(campaign, viewer=current_viewer()))
