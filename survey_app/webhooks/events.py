"""The events' payloads, built from what pages may show, and the hooks that emit them.

Campaign payloads come from :func:`survey_app.results.campaign.campaign_results` (the
dashboard's door, suppressed): while fewer than k responses are shown there is no results part
at all, so no count under k can be in a payload; above k only the headline is sent (responses,
Teamwork Index, Culture Risk, band), never a team, an answer or a per-person status.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..models import Campaign, Company, Invitation, ProspectAssessment
from ..results.campaign import campaign_results
from . import (
    CAMPAIGN_CLOSED,
    CAMPAIGN_OPENED,
    REPORT_READY,
    THRESHOLD_REACHED,
    VERDICT_CHANGED,
    already_sent,
    done_reading,
    emit,
    listening,
)


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def campaign_payload(campaign: Campaign) -> dict[str, Any]:
    """The campaign and, when at least k responses are shown, its headline results."""
    results = campaign_results(campaign)
    payload: dict[str, Any] = {
        "campaign": {
            "id": campaign.id,
            "title": campaign.title,
            "status": campaign.status.value,
            "company_id": campaign.company_id,
            "k": campaign.min_group_size,
        },
        "results": None,
    }
    overall = results.overall
    if overall is not None and overall.n >= results.k:  # never a count under k
        band = results.risk_band
        payload["results"] = {
            "responses": overall.n,
            "teamwork_index": _round(overall.scorecard.teamwork_index)
            if overall.scorecard
            else None,
            "culture_risk": _round(overall.enemies.culture_risk_index) if overall.enemies else None,
            "risk_band": band.label if band else None,
        }
    return payload


def _campaign_event(campaign: Campaign, event: str) -> None:
    """Called after the change is committed; ends its own reads (see ``done_reading``)."""
    try:
        if listening(campaign.organization_id, event):
            emit(campaign.organization_id, event, campaign_payload(campaign))
    finally:
        done_reading()


def campaign_opened(campaign: Campaign) -> None:
    _campaign_event(campaign, CAMPAIGN_OPENED)


def campaign_closed(campaign: Campaign) -> None:
    _campaign_event(campaign, CAMPAIGN_CLOSED)


def after_response(invitation_id: int) -> None:
    """After a response is committed: the first time the campaign shows results (its first
    published snapshot of k or more), tell the endpoints, once. Ends its own reads, so that the
    next submission on this session takes the quick path again (surveys/submission.py)."""
    try:
        _threshold_reached(invitation_id)
    finally:
        done_reading()


def _threshold_reached(invitation_id: int) -> None:
    row = db.session.execute(
        select(Campaign.id, Campaign.organization_id)
        .join(Invitation, Invitation.campaign_id == Campaign.id)
        .where(Invitation.id == invitation_id)
    ).first()
    if row is None or not listening(row.organization_id, THRESHOLD_REACHED):
        return
    key = f"threshold:{row.id}"
    if already_sent(key):
        return
    campaign = db.session.get(Campaign, row.id)
    if campaign is None:
        return
    payload = campaign_payload(campaign)
    if payload["results"] is not None:
        emit(campaign.organization_id, THRESHOLD_REACHED, payload, dedupe_key=key)


def report_ready(campaign: Campaign, url: str | None = None) -> None:
    """For the report job: the campaign's PDF is ready (``url``: where to fetch it, if any)."""
    try:
        if listening(campaign.organization_id, REPORT_READY):
            payload = {**campaign_payload(campaign), "report": {"url": url}}
            emit(campaign.organization_id, REPORT_READY, payload)
    finally:
        done_reading()


def verdict_label(prospect: Company) -> str | None:
    """The prospect's verdict over all its assessments (the organisation's, not one reader's)."""
    from ..prospects.insights import prospect_view

    rows = db.session.scalars(
        select(ProspectAssessment).where(ProspectAssessment.company_id == prospect.id)
    )
    band = prospect_view(prospect, list(rows), datetime.now(UTC).date()).verdict.band
    return band.label if band is not None else None


@contextmanager
def watching_verdict(prospect: Company) -> Iterator[None]:
    """Around a change of a prospect's assessments (that commits): tell the endpoints when the
    verdict is another after it. Costs nothing when no endpoint listens."""
    if not listening(prospect.organization_id, VERDICT_CHANGED):
        yield
        return
    old = verdict_label(prospect)
    yield
    try:
        verdict_changed(prospect, old, verdict_label(prospect))
    finally:
        done_reading()


def verdict_changed(prospect: Company, old: str | None, new: str | None) -> None:
    """A prospect's verdict (Pursue, Pursue with caution, Walk away) changed: only the labels,
    never an assessment, a note or who wrote it."""
    if old == new or not listening(prospect.organization_id, VERDICT_CHANGED):
        return
    payload = {
        "prospect": {"id": prospect.id, "name": prospect.name},
        "verdict": new,
        "previous": old,
    }
    emit(prospect.organization_id, VERDICT_CHANGED, payload)
