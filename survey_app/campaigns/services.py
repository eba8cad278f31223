"""Campaign use cases: list, create, edit while draft, and open / close / reopen.

Every writing function checks all its rules first and commits once, so a refused change
leaves the campaign exactly as it was. Each one first locks the campaign's row (``SELECT … FOR
UPDATE``, :func:`survey_app.editing.lock`) and checks the status on what that returns, so that
"open" and "edit the draft" at the same moment are done one after the other: an edit that comes
second finds the campaign open and is refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from ..auth.access import one_or_404, org_id
from ..clock import today
from ..editing import bump, check_version, lock
from ..extensions import db
from ..i18n import offered
from ..instruments import latest_versions
from ..jobs import enqueue
from ..models import (
    Campaign,
    CampaignInstrument,
    CampaignStatus,
    Company,
    Invitation,
    Team,
    campaign_teams,
)
from ..models.campaigns import MAX_K, MAX_REPEAT_WEEKS, MIN_K, freeze_team_names
from ..org_settings import stamp_campaign
from ..results.tallies import publish_all
from ..text import page_number, sort_key
from ..webhooks import events as webhook_events
from .differences import campaign_differences
from .tasks import next_wave


class CampaignError(ValueError):
    """Input the leader must fix; ``errors`` maps a form field name to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for msgs in errors.values() for m in msgs))
        self.errors = errors


@dataclass(frozen=True)
class CampaignInput:
    title: str
    instrument_keys: Sequence[str]
    team_ids: Sequence[int]
    opens_on: date | None
    closes_on: date | None
    min_group_size: int
    reminder_days: Sequence[int] = ()  # automatic reminders, days before closing
    reminder_message: str = ""  # the leader's words at the top of each reminder
    repeat_weeks: int | None = None  # a recurring pulse: the next wave N weeks later
    # instrument key -> the question of its optional comment box (survey_app/comments)
    comment_prompts: Mapping[str, str] | None = None
    languages: Sequence[str] = ()  # the languages offered to respondents; none given: all four


def get_campaign(campaign_id: int) -> Campaign:
    """The signed-in user's campaign, or a 404 that looks like any missing id."""
    return one_or_404(
        select(Campaign).where(Campaign.id == campaign_id, Campaign.organization_id == org_id())
    )


def org_companies() -> list[Company]:
    """The organisation's companies, in the order of their names."""
    companies = db.session.scalars(select(Company).where(Company.organization_id == org_id()))
    return sorted(companies, key=lambda c: sort_key(c.name))


def _validate(
    data: CampaignInput, company: Company, campaign: Campaign | None
) -> tuple[list[CampaignInstrument], list[Team]]:
    errors: dict[str, list[str]] = {}
    newest = latest_versions()
    if not data.title.strip():
        errors.setdefault("title", []).append(_("Enter a title."))
    unknown = [key for key in data.instrument_keys if key not in newest]
    if unknown or not data.instrument_keys:
        errors.setdefault("instruments", []).append(
            _("Choose at least one of the instruments shown.")
        )
    teams = {team.id: team for team in company.active_teams}  # a removed team: old ones only
    if any(tid not in teams for tid in data.team_ids):
        errors.setdefault("teams", []).append(_("Choose teams of this company only."))
    if campaign is not None:
        _check_dropped_teams(campaign, set(data.team_ids), errors)
    if data.opens_on and data.closes_on and data.closes_on < data.opens_on:
        errors.setdefault("closes_on", []).append(
            _("The closing date must be on or after the opening date.")
        )
    if data.closes_on and data.closes_on < today():
        errors.setdefault("closes_on", []).append(_("The closing date is in the past."))
    if data.repeat_weeks is not None and not 1 <= data.repeat_weeks <= MAX_REPEAT_WEEKS:
        errors.setdefault("repeat_weeks", []).append(
            _("Enter a number from %(low)s to %(high)s.", low=1, high=MAX_REPEAT_WEEKS)
        )
    if not MIN_K <= data.min_group_size <= MAX_K:
        errors.setdefault("min_group_size", []).append(
            _("Enter a number from %(low)s to %(high)s.", low=MIN_K, high=MAX_K)
        )
    prompts = dict(data.comment_prompts or {})
    for key, prompt in prompts.items():
        if not prompt:
            field = "scorecard_prompt" if key == "teamwork_scorecard" else "enemies_prompt"
            errors.setdefault(field, []).append(_("Enter the question, or untick the box."))
    if errors:
        raise CampaignError(errors)
    pinned = [
        CampaignInstrument(
            instrument_key=key,
            instrument_version=newest[key].version,
            position=n,
            comment_prompt=prompts.get(key) or None,
        )
        for n, key in enumerate(k for k in newest if k in set(data.instrument_keys))
    ]
    return pinned, [teams[tid] for tid in data.team_ids]


def _check_dropped_teams(campaign: Campaign, kept: set[int], errors: dict[str, list[str]]) -> None:
    dropped = [team for team in campaign.teams if team.id not in kept]
    for team in dropped:
        used = db.session.scalar(
            select(func.count(Invitation.id)).where(
                Invitation.campaign_id == campaign.id, Invitation.team_id == team.id
            )
        )
        if used:
            errors.setdefault("teams", []).append(
                ngettext(
                    "“%(team)s” already has %(count)s invitation; keep it in the campaign.",
                    "“%(team)s” already has %(count)s invitations; keep it in the campaign.",
                    used,
                    team=team.name,
                    count=page_number(used),
                )
            )


def _apply(campaign: Campaign, data: CampaignInput, teams: list[Team]) -> None:
    campaign.title = data.title.strip()
    campaign.teams = teams
    campaign.opens_on = data.opens_on
    campaign.closes_on = data.closes_on
    campaign.min_group_size = data.min_group_size
    campaign.reminder_days = list(data.reminder_days)
    campaign.reminder_message = data.reminder_message.strip()
    campaign.repeat_weeks = data.repeat_weeks
    campaign.languages = offered(data.languages)


def create_campaign(company: Company, data: CampaignInput) -> Campaign:
    """A new draft campaign with the newest version of each chosen instrument pinned."""
    pinned, teams = _validate(data, company, None)
    campaign = Campaign(organization_id=company.organization_id, company=company)
    _apply(campaign, data, teams)
    campaign.status = CampaignStatus.DRAFT
    campaign.instruments = pinned
    stamp_campaign(campaign)  # the organisation's bands, as of now
    db.session.add(campaign)
    db.session.commit()
    return campaign


def update_campaign(
    campaign: Campaign, data: CampaignInput, expected_version: int | None = None
) -> None:
    """Edit a draft. Once open, the questions and k are fixed so that answers stay comparable.

    ``expected_version`` is the version the edit form was loaded with: a save from a form
    older than the stored campaign raises :class:`survey_app.editing.EditConflict`.
    """
    lock(campaign)  # an "open" at the same moment waits for this edit, or this one for it
    if campaign.status != CampaignStatus.DRAFT:
        raise CampaignError({"title": [_("Only a draft campaign can be edited.")]})
    check_version(campaign, expected_version, lambda: campaign_differences(campaign, data))
    pinned, teams = _validate(data, campaign.company, campaign)
    _apply(campaign, data, teams)
    old = {(ci.instrument_key, ci.instrument_version) for ci in campaign.instruments}
    if old != {(ci.instrument_key, ci.instrument_version) for ci in pinned}:
        campaign.instruments = []
        db.session.flush()
        campaign.instruments = pinned
    else:  # the same instruments: only their comment boxes may have changed
        prompts = {ci.instrument_key: ci.comment_prompt for ci in pinned}
        for ci in campaign.instruments:
            ci.comment_prompt = prompts.get(ci.instrument_key)
    bump(campaign)
    db.session.commit()


class StatusError(ValueError):
    """A status change that does not apply now; the message says why, for the page."""


def open_campaign(campaign: Campaign) -> None:
    lock(campaign)
    if campaign.status != CampaignStatus.DRAFT:
        raise StatusError(_("Only a draft campaign can be opened."))
    if campaign.closes_on and campaign.closes_on < today():
        raise StatusError(_("The closing date has passed. Edit the campaign to choose a new one."))
    campaign.status = CampaignStatus.OPEN
    stamp_campaign(campaign)  # the bands it runs with from now on, kept once closed
    freeze_team_names(campaign_teams.c.campaign_id == campaign.id)
    bump(campaign)
    db.session.commit()
    webhook_events.campaign_opened(campaign)  # after the commit: the endpoints read it as it is


def close_campaign(campaign: Campaign) -> None:
    lock(campaign)
    campaign_id = campaign.id  # read now: after the commit, reading it would begin a transaction
    if campaign.status != CampaignStatus.OPEN:
        raise StatusError(_("Only an open campaign can be closed."))
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_on = today()  # the real closing day, which the survey link then says
    # At close the results show every response; published with it, so that a reopened
    # campaign moves on in steps of k from what was shown while closed.
    publish_all(campaign.id)
    bump(campaign)
    db.session.commit()
    webhook_events.campaign_closed(campaign)
    db.session.commit()  # end any read begun since, so an inline task (tests) can write
    from ..reports.jobs import campaign_closed

    campaign_closed(campaign_id)  # its PDFs rendered on the queue, so the download is instant
    enqueue(next_wave, campaign_id)  # a recurring pulse makes its next wave (once)


def reopen_campaign(campaign: Campaign, closes_on: date | None) -> None:
    """Reopen a closed campaign; a passed closing date must be replaced, or nobody could answer."""
    lock(campaign)
    if campaign.status != CampaignStatus.CLOSED:
        raise StatusError(_("Only a closed campaign can be reopened."))
    if closes_on is not None:
        if closes_on < today():
            raise StatusError(_("The new closing date is in the past."))
        if campaign.opens_on and closes_on < campaign.opens_on:
            raise StatusError(_("The new closing date must be on or after the opening date."))
        campaign.closes_on = closes_on
    elif campaign.closes_on and campaign.closes_on < today():
        raise StatusError(_("The closing date has passed: choose a new closing date to reopen."))
    publish_all(campaign.id)  # what was shown while closed is where the steps start again
    campaign.status = CampaignStatus.OPEN
    campaign.closed_on = None
    bump(campaign)
    db.session.commit()
    webhook_events.campaign_opened(campaign)
