"""Download routes: a campaign's suppressed aggregates as CSV files (a zip, one file per
table) or XLSX (one sheet per table), for leaders and admins."""

from __future__ import annotations

from flask import Blueprint, Response
from sqlalchemy import select

from ..auth.access import one_or_404, org_id, roles_required
from ..auth.scope import current_viewer
from ..downloads import DownloadName, attachment, download_name
from ..models import Campaign, Role
from .services import build_export
from .writers import XLSX_MIMETYPE, ZIP_MIMETYPE, to_csv_zip, to_xlsx

bp = Blueprint("exports", __name__, url_prefix="/campaigns")
LEADERS = (Role.LEADER, Role.ADMIN)


def export_filename(campaign: Campaign, suffix: str) -> DownloadName:
    """``campaign-<id>-<title><suffix>`` (see :mod:`survey_app.downloads`)."""
    prefix = f"campaign-{campaign.id}"
    return download_name(prefix, campaign.title, suffix=suffix, default=prefix)


def _campaign(campaign_id: int) -> Campaign:
    return one_or_404(
        select(Campaign).where(Campaign.id == campaign_id, Campaign.organization_id == org_id())
    )


@bp.get("/<int:campaign_id>/export-csv.zip")
@roles_required(*LEADERS)
def campaign_csv(campaign_id: int) -> Response:
    campaign = _campaign(campaign_id)
    body = to_csv_zip(build_export(campaign, viewer=current_viewer()))
    return attachment(body, ZIP_MIMETYPE, export_filename(campaign, "-csv.zip"))


@bp.get("/<int:campaign_id>/export.xlsx")
@roles_required(*LEADERS)
def campaign_xlsx(campaign_id: int) -> Response:
    campaign = _campaign(campaign_id)
    body = to_xlsx(build_export(campaign, viewer=current_viewer()))
    return attachment(body, XLSX_MIMETYPE, export_filename(campaign, ".xlsx"))
