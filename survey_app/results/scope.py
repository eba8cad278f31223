"""Who is looking: the teams a reader of results may see (DESIGN "Anonymity").

A **team-scoped viewer** (a sales manager limited to their own teams) sees only those teams,
each at k or more after the campaign's own suppression, and no company-wide figure: no overall,
no "rest of the company", no company aggregate in the trends, the reports or the exports. A
figure over several of their teams is shown, since it is the sum of teams each shown on its
own: it tells them nothing their teams' columns do not.

Why no company-wide figure: a total shown beside a team lets its reader subtract the team and
read "everyone else", a group they were never meant to see; with two such views (say their
team and the company), the rest can be as small as one person.

A :class:`Viewer` is a plain value, so that :func:`survey_app.results.campaign.campaign_results`
stays free of Flask; :func:`survey_app.auth.scope.current_viewer` builds one for the signed-in
user. ``UNSCOPED`` is the default everywhere: every team, company-wide figures included.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import Campaign, Company, User


@dataclass(frozen=True)
class Viewer:
    """The teams a reader may see: ``teams`` is None for every team (an unscoped reader)."""

    teams: frozenset[int] | None = None

    @property
    def scoped(self) -> bool:
        """Limited to some teams: no company-wide figure may reach this reader."""
        return self.teams is not None

    def sees_team(self, team_key: int) -> bool:
        return self.teams is None or team_key in self.teams

    def sees_any(self, team_ids: Iterable[int]) -> bool:
        return self.teams is None or any(t in self.teams for t in team_ids)

    def sees_campaign(self, campaign: Campaign) -> bool:
        """A campaign that ran with none of the viewer's teams is invisible to them."""
        return self.sees_any(t.id for t in campaign.teams)

    def sees_company(self, company: Company) -> bool:
        """A company without any of the viewer's teams is invisible to them."""
        return self.sees_any(t.id for t in company.teams)

    def narrowed(self, team_key: int) -> Viewer:
        """The same reader looking at one team only (the dashboard's team filter): within
        their scope, or nothing at all."""
        one = frozenset({team_key})
        return Viewer(one & self.teams if self.teams is not None else one)


UNSCOPED = Viewer()


def viewer_of(user: User) -> Viewer:
    """A user's view: a team-scoped leader's teams, or every team for anyone else (admins
    manage the organisation; reps see no campaign results)."""
    from ..models import Role

    if user.role == Role.LEADER and user.team_scoped:
        return Viewer(frozenset(team.id for team in user.scope_teams))
    return UNSCOPED
