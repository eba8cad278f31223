"""Reading an organisation's settings, and the bands a campaign or a prospect is read with.

One home for "which thresholds apply": a campaign's own stored copy (the bands it ran with,
whatever the organisation changed since), or for a prospect's assessments the organisation's
prospect bands as they are now. Every reader (dashboard, PDF, export, prospect pages) asks here.
"""

from __future__ import annotations

from .extensions import db
from .models import Campaign, OrgSettings
from .models.settings import thresholds_from, thresholds_json
from .scoring.bands import BandThresholds


def settings_of(org_id: int) -> OrgSettings:
    """The organisation's settings row, or an unsaved one holding the defaults.

    Read through the session's identity map, so a page that asks several times loads the row
    once; no autoflush, so that a campaign being built (``stamp_campaign``) is not flushed
    half-made.
    """
    with db.session.no_autoflush:
        found = db.session.get(OrgSettings, org_id)
    if found is None:
        found = OrgSettings(organization_id=org_id)
        for column in OrgSettings.__table__.columns:  # the Python defaults, without a flush
            if column.default is not None and not callable(column.default.arg):
                setattr(found, column.key, column.default.arg)
    return found


def campaign_thresholds(campaign: Campaign) -> BandThresholds:
    """The bands a campaign is read with: the ones stored on it."""
    return thresholds_from(campaign.band_thresholds)


def prospect_thresholds(org_id: int) -> BandThresholds:
    """The bands of prospect assessments: the organisation's, as they are now."""
    return settings_of(org_id).thresholds(prospect=True)


def stamp_campaign(campaign: Campaign) -> None:
    """Copy the organisation's own-company bands onto the campaign (at creation and when it
    opens; no commit). A closed campaign is never stamped again: it keeps what it ran with."""
    settings = settings_of(campaign.organization_id)
    campaign.band_thresholds = thresholds_json(settings.thresholds())
    # Comments are shown from this many responses on, never fewer than the campaign's k.
    campaign.comment_threshold = max(settings.comment_threshold or 8, campaign.min_group_size or 0)


def default_paper(org_id: int) -> str:
    """The organisation's paper size for reports: ``a4`` or ``letter``."""
    return settings_of(org_id).paper or "a4"
