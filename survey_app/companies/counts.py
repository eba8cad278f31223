"""How many responses each team of a company has, as the dashboards may show them.

The company page used to count every stored response of each team across its campaigns, so a
team of two showed "2 responses" while its dashboard hid it. Here the counts are read through
:func:`survey_app.results.campaign.campaign_results`, the one door to results: a team's count
in a campaign is shown only where that campaign's dashboard shows the team (at least that
campaign's k, and not hidden to protect another team); elsewhere the page says "fewer than k".
Adding up counts that are each shown reveals nothing a dashboard does not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext

from ..models import Campaign, CampaignStatus, Company
from ..results.campaign import campaign_results
from ..results.scope import UNSCOPED, Viewer
from ..scoring import HiddenReason


@dataclass
class TeamResponses:
    """One team's responses across the company's campaigns, as far as they may be shown."""

    shown: int = 0  # responses in the campaigns whose dashboards show this team
    hidden: list[str] = field(default_factory=list)  # why, for each campaign that hides it

    def label(self) -> str:
        """ "12 responses", "fewer than 5 responses", "12 responses, and fewer than 5
        responses in 1 other campaign", or "no responses"."""
        # In the page's language: a team-scoped leader's company page is translated.
        shown = ngettext("%(num)s response", "%(num)s responses", self.shown) if self.shown else ""
        if not self.hidden:
            return shown or _("no responses")
        why = "; ".join(sorted(set(self.hidden)))
        if not shown:
            return why
        return ngettext(
            "%(shown)s, and %(why)s in %(num)s other campaign",
            "%(shown)s, and %(why)s in %(num)s other campaigns",
            len(self.hidden),
            shown=shown,
            why=why,
        )


def team_responses(company: Company, viewer: Viewer = UNSCOPED) -> dict[int, TeamResponses]:
    """Per team id (of the teams ``viewer`` sees): its responses as the dashboards of the
    company's campaigns show them to that viewer."""
    counts = {team.id: TeamResponses() for team in company.teams if viewer.sees_team(team.id)}
    campaigns: list[Campaign] = [
        c
        for c in company.campaigns
        if c.status is not CampaignStatus.DRAFT and viewer.sees_campaign(c)
    ]
    for campaign in campaigns:
        results = campaign_results(campaign, viewer=viewer)
        for cell in results.teams:
            team = counts.get(cell.team_key)
            if team is None:
                continue  # no team, or a removed one: not listed on the company page
            if cell.scores is not None:
                team.shown += cell.scores.n
            else:
                team.hidden.append(
                    cell.hidden_reason or HiddenReason.SMALL_GROUP.describe(results.k)
                )
    return counts
