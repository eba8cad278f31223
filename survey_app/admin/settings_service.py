"""Saving the organisation settings: one use case, one commit, scoped to the admin's organisation.

The default k and the name live on the organisation; the rest in ``organization_settings``.
Nothing here touches a campaign: each one keeps the k and the bands stored on it
(``campaigns.min_group_size``, ``campaigns.band_thresholds``), so a change applies to the
campaigns created (or opened) after it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..branding import Logo
from ..extensions import db
from ..models import Organization, OrgSettings

BAND_FIELDS = (
    "own_at_risk",
    "own_toxic",
    "prospect_at_risk",
    "prospect_toxic",
    "widespread",
    "dominant",
    "widespread_count",
    # Not a band, but stored beside them and applied the same way (to new campaigns): the
    # responses a campaign needs before its comments are shown (survey_app/comments).
    "comment_threshold",
)


@dataclass(frozen=True)
class SettingsInput:
    name: str
    min_group_size: int
    bands: dict[str, int]  # BAND_FIELDS -> value, already checked by the form
    paper: str
    accent: str | None
    logo: Logo | None = None  # a new logo, already re-encoded (survey_app/branding.py)
    remove_logo: bool = False


def save_settings(org: Organization, data: SettingsInput) -> OrgSettings:
    """Store the settings; the logo is replaced, removed or kept as it is."""
    row = db.session.get(OrgSettings, org.id)
    if row is None:
        row = OrgSettings(organization_id=org.id, logo_version=0)
        db.session.add(row)
    org.name = data.name.strip()
    org.min_group_size = data.min_group_size
    for field in BAND_FIELDS:
        setattr(row, field, data.bands[field])
    row.paper = data.paper
    row.accent = data.accent
    if data.logo is not None:
        row.logo_png = data.logo.png
        row.logo_width, row.logo_height = data.logo.width, data.logo.height
        row.logo_version = (row.logo_version or 0) + 1
    elif data.remove_logo:
        row.logo_png = None
        row.logo_width = row.logo_height = None
        row.logo_version = (row.logo_version or 0) + 1
    db.session.commit()
    return row


def logo_png(org_id: int) -> bytes | None:
    """The stored logo's bytes (a PNG drawn by survey_app/branding.py), or None."""
    row = db.session.get(OrgSettings, org_id)
    return row.logo_png if row is not None else None
