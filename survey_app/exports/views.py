"""Download routes: a campaign's suppressed aggregates as CSV or XLSX (leaders and admins)."""

from __future__ import annotations

import re
import unicodedata

from flask import Blueprint, Response
from sqlalchemy import select

from ..auth.access import one_or_404, org_id, roles_required
from ..models import Campaign, Role
from .services import build_export
from .writers import CSV_MIMETYPE, XLSX_MIMETYPE, to_csv, to_xlsx

bp = Blueprint("exports", __name__, url_prefix="/campaigns")
LEADERS = (Role.LEADER, Role.ADMIN)
MAX_NAME = 60


def safe_filename(title: str, campaign_id: int, extension: str) -> str:
    """An ASCII file name from the campaign title: letters, digits, dots, dashes, underscores."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9_]+", "-", ascii_title).strip("-_").lower()[:MAX_NAME].strip("-_")
    return f"campaign-{campaign_id}-{slug or 'export'}.{extension}"


def _campaign(campaign_id: int) -> Campaign:
    return one_or_404(
        select(Campaign).where(Campaign.id == campaign_id, Campaign.organization_id == org_id())
    )


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/<int:campaign_id>/export.csv")
@roles_required(*LEADERS)
def campaign_csv(campaign_id: int) -> Response:
    campaign = _campaign(campaign_id)
    body = to_csv(build_export(campaign))
    return _download(body, CSV_MIMETYPE, safe_filename(campaign.title, campaign.id, "csv"))


@bp.get("/<int:campaign_id>/export.xlsx")
@roles_required(*LEADERS)
def campaign_xlsx(campaign_id: int) -> Response:
    campaign = _campaign(campaign_id)
    body = to_xlsx(build_export(campaign))
    return _download(body, XLSX_MIMETYPE, safe_filename(campaign.title, campaign.id, "xlsx"))
