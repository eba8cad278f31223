"""A logo for an organisation, stored as the settings page stores one (for the route walks)."""

from __future__ import annotations

import io

from PIL import Image

from survey_app.branding import clean_logo
from survey_app.extensions import db
from survey_app.models import OrgSettings


def png(size: tuple[int, int] = (120, 40), colour: tuple[int, int, int] = (10, 58, 117)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def store_logo(org_id: int) -> None:
    """Give the organisation a logo, so that ``/branding/logo.png`` has something to serve."""
    logo = clean_logo(png(colour=(10, 58, (org_id * 37) % 256)))  # each its own
    row = db.session.get(OrgSettings, org_id) or OrgSettings(organization_id=org_id)
    row.logo_png, row.logo_width, row.logo_height = logo.png, logo.width, logo.height
    row.logo_version = (row.logo_version or 0) + 1
    db.session.add(row)
    db.session.commit()
