"""A team-scoped leader of organisation A, and A's objects outside their scope.

The leader sees A's "Sales" team only (tests/security/conftest.py's tenant: the own company
with its Sales and Support teams). Outside the scope: a second company of A with its own team
and a closed campaign with k responses, A's prospect (a prospect has no teams) and its
assessment. Each name carries A's marker, so a page that shows one is caught by a text search,
as for organisation B.
"""

from __future__ import annotations

from dataclasses import dataclass

from survey_app.extensions import db
from survey_app.models import CampaignStatus, Organization, Role, Team, User
from tests import factories
from tests.security.conftest import MARKER_A, Tenant


@dataclass(frozen=True)
class ScopedLeader:
    user_id: int
    team_id: int  # the one team they see
    out_of_scope: dict[str, list[int]]  # URL argument -> A's ids outside the scope
    hidden_names: tuple[str, ...]  # A's names they must never be shown
    own_names: tuple[str, ...]  # what their lists must show (proof the search reads content)
    hidden_company_id: int

    def user(self) -> User:
        user = db.session.get(User, self.user_id)
        assert user is not None
        return user


def build_scoped_leader(a: Tenant) -> ScopedLeader:
    org = db.session.get(Organization, a.org_id)
    assert org is not None
    sales = db.session.get(Team, a.team_ids[0])
    support = db.session.get(Team, a.team_ids[1])
    assert sales is not None
    assert support is not None
    hidden = factories.make_company(
        org, f"{MARKER_A} Hidden Division", teams=(f"{MARKER_A} Hidden Team",)
    )
    wave = factories.make_campaign(hidden, f"{MARKER_A} Hidden Wave", k=5)
    factories.make_responses(wave, hidden.teams[0], 5)
    wave.status = CampaignStatus.CLOSED
    user = factories.make_user(org, Role.LEADER, email=f"scoped@{MARKER_A.lower()}.example")
    user.name = f"{MARKER_A} Scoped Leader"
    user.team_scoped, user.scope_teams = True, [sales]
    db.session.commit()
    return ScopedLeader(
        user_id=user.id,
        team_id=sales.id,
        out_of_scope={
            "campaign_id": [wave.id],
            "company_id": [hidden.id, a.prospect_id],
            "prospect_id": [a.prospect_id],
            "assessment_id": [a.assessment_id],
        },
        hidden_names=(
            hidden.name,
            hidden.teams[0].name,
            wave.title,
            support.name,
            f"{MARKER_A} Prospect Bank",
            f"{MARKER_A} deal notes",
            f"{MARKER_A} evidence",
            f"{MARKER_A} summary",
        ),
        own_names=(sales.name, sales.company.name, f"{MARKER_A} Spring Wave"),
        hidden_company_id=hidden.id,
    )
