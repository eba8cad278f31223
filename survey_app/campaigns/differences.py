"""What an edit conflict shows of a campaign: the form as sent beside the campaign as stored."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from ..editing import Difference
from ..instruments import latest_versions
from ..models import Campaign
from ..text import page_day
from .reminder_days import format_schedule

if TYPE_CHECKING:
    from .services import CampaignInput


def campaign_differences(campaign: Campaign, data: CampaignInput) -> list[Difference]:
    """The form as sent beside the campaign as stored, field by field, for a conflict page."""
    newest = latest_versions()
    team_names = {team.id: team.name for team in campaign.company.teams}

    def day(value: date | None) -> str:
        return page_day(value, _("not set"))  # as every page writes a date

    return [
        Difference(_("Title"), data.title.strip(), campaign.title),
        Difference(
            _("Instruments"),
            ", ".join(newest[k].title for k in newest if k in set(data.instrument_keys)),
            ", ".join(ci.definition.title for ci in campaign.instruments),
        ),
        Difference(
            _("Teams"),
            ", ".join(sorted(team_names.get(t, "?") for t in data.team_ids)) or _("none"),
            ", ".join(t.name for t in campaign.teams) or _("none"),
        ),
        Difference(_("Opens on"), day(data.opens_on), day(campaign.opens_on)),
        Difference(_("Closes on"), day(data.closes_on), day(campaign.closes_on)),
        Difference(
            _("Minimum group size (k)"), str(data.min_group_size), str(campaign.min_group_size)
        ),
        Difference(
            _("Automatic reminders (days before closing)"),
            format_schedule(data.reminder_days) or _("none"),
            format_schedule(campaign.reminder_days) or _("none"),
        ),
        Difference(
            _("Reminder message"),
            data.reminder_message.strip() or _("none"),
            campaign.reminder_message or _("none"),
        ),
        Difference(
            _("Repeat every (weeks)"),
            str(data.repeat_weeks or _("does not repeat")),
            str(campaign.repeat_weeks or _("does not repeat")),
        ),
    ]
