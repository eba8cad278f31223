"""Editing a campaign that has opened: its title, closing date, reminder schedule and message,
and repetition, never what answers mean.

Once a campaign takes answers, its instruments, teams, opening date and k are fixed: every
answer is then to the same questions, under the same anonymity, as the first. The edit page of
an open campaign shows them as text and sends them back unchanged; :func:`update_open_campaign`
compares what was sent with what is stored, under the campaign's row lock, and refuses any
difference (a forged form, or a page loaded before the campaign opened) with a message on the
field, saving nothing.
"""

from __future__ import annotations

from flask_babel import gettext as _

from ..editing import bump, check_version, lock
from ..extensions import db
from ..models import Campaign, CampaignStatus
from ..models.campaigns import MAX_REPEAT_WEEKS
from ..text import page_day
from .differences import campaign_differences
from .services import CampaignError, CampaignInput, today, update_campaign


def edit_campaign(
    campaign: Campaign, data: CampaignInput, expected_version: int | None = None
) -> None:
    """Save the edit page: a draft as a draft, an open campaign as one; a closed one is refused.

    The status is read under the row lock, so an "open" or a "close" at the same moment comes
    wholly before or after this edit.
    """
    lock(campaign)
    if campaign.status == CampaignStatus.DRAFT:
        update_campaign(campaign, data, expected_version)
    else:
        update_open_campaign(campaign, data, expected_version)


def _fixed_changes(campaign: Campaign, data: CampaignInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if set(data.instrument_keys) != {ci.instrument_key for ci in campaign.instruments}:
        errors["instruments"] = [
            _(
                "The instruments cannot change once a campaign is open, so that every answer is"
                " to the same questions."
            )
        ]
    if set(data.team_ids) != {team.id for team in campaign.teams}:
        errors["teams"] = [
            _(
                "The teams cannot change once a campaign is open, so that every answer is to the"
                " same questions."
            )
        ]
    if data.opens_on != campaign.opens_on:
        errors["opens_on"] = [
            _(
                "The opening date cannot change once a campaign is open, so that every answer is"
                " to the same questions."
            )
        ]
    if data.min_group_size != campaign.min_group_size:
        errors["min_group_size"] = [
            _(
                "The minimum group size (k) cannot change once a campaign is open, so that every"
                " answer is to the same questions. Results already shown were published in steps"
                " of %(k)s.",
                k=campaign.min_group_size,
            )
        ]
    return errors


def update_open_campaign(
    campaign: Campaign, data: CampaignInput, expected_version: int | None = None
) -> None:
    """Change an open campaign's title, closing date, reminders and repetition; refuse anything
    else.

    A new closing date must be today or later, and on or after the opening date; keeping a
    closing date that has passed is not refused (the campaign then takes no answers, as the
    detail page says).
    """
    lock(campaign)
    if campaign.status != CampaignStatus.OPEN:
        raise CampaignError(
            {"title": [_("A closed campaign cannot be edited: reopen it to take answers again.")]}
        )
    check_version(campaign, expected_version, lambda: campaign_differences(campaign, data))
    errors = _fixed_changes(campaign, data)
    if not data.title.strip():
        errors.setdefault("title", []).append(_("Enter a title."))
    closes_on = data.closes_on
    if closes_on is not None and closes_on != campaign.closes_on:
        if closes_on < today():
            errors.setdefault("closes_on", []).append(
                _(
                    "%(day)s is in the past: choose today (%(today)s) or a later day.",
                    day=page_day(closes_on),
                    today=page_day(today()),
                )
            )
        elif campaign.opens_on and closes_on < campaign.opens_on:
            errors.setdefault("closes_on", []).append(
                _(
                    "The closing date must be on or after the opening date (%(day)s).",
                    day=page_day(campaign.opens_on),
                )
            )
    if data.repeat_weeks is not None and not 1 <= data.repeat_weeks <= MAX_REPEAT_WEEKS:
        errors["repeat_weeks"] = [
            _("Enter a number from %(low)s to %(high)s.", low=1, high=MAX_REPEAT_WEEKS)
        ]
    if errors:
        raise CampaignError(errors)
    campaign.title = data.title.strip()
    campaign.closes_on = closes_on
    # The reminder schedule and the repetition are about mail and the next wave, not about
    # what answers mean: they may change while the campaign is open.
    campaign.reminder_days = list(data.reminder_days)
    campaign.reminder_message = data.reminder_message.strip()
    campaign.repeat_weeks = data.repeat_weeks
    bump(campaign)
    db.session.commit()
