"""The company page shows a team's responses only where its campaign's dashboard does.

It used to count every stored response of each team across campaigns, teams under k included,
while the dashboards hid those teams. Now each campaign's count goes through the campaign's
results (its k, complementary suppression), and a hidden one reads "fewer than k".
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from survey_app.extensions import db
from survey_app.models import CampaignStatus, Organization

from . import factories


def _team_labels(page: str) -> dict[str, str]:
    items = re.findall(
        r'<li class="list-group-item[^"]*"><span>(.*?)</span><span class="text-muted small">'
        r"(.*?)</span></li>",
        page,
    )
    return {re.sub(r"<[^>]+>", "", name): label for name, label in items}


def test_team_counts_follow_each_campaigns_k(leader_client: FlaskClient, org: Organization):
    company = factories.make_company(org, "Acme", teams=("Alpha", "Beta", "Gamma", "Delta"))
    alpha, beta, delta, gamma = company.teams  # ordered by name
    first = factories.make_campaign(company, k=5)
    # Alpha 2 (under k), so the next smallest, Gamma 6, is hidden too; Beta 7 is shown.
    for team, n in ((alpha, 2), (beta, 7), (gamma, 6)):
        factories.make_responses(first, team, n)
    second = factories.make_campaign(company, k=3)
    for team, n in ((alpha, 6), (beta, 5)):
        factories.make_responses(second, team, n)
    factories.make_campaign(company, status=CampaignStatus.DRAFT)  # no responses, no row
    for campaign in (first, second):
        campaign.status = CampaignStatus.CLOSED
    db.session.commit()

    page = leader_client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert _team_labels(page) == {
        "Alpha": "6 responses, and fewer than 5 responses in 1 other campaign",
        "Beta": "12 responses",
        "Gamma": "hidden to protect another group",
        "Delta": "no responses",
    }
    # No count under k (Alpha's 2), nor of the hidden group (8), nor Alpha's or Gamma's totals.
    assert not re.search(r"\b(2|8|6) responses\b(?!, and)", page)
    # The dashboards agree: the first one shows Beta's 7 and nothing of Alpha or Gamma.
    dashboard = leader_client.get(f"/campaigns/{first.id}/dashboard").get_data(as_text=True)
    assert "fewer than 5 responses" in dashboard
    assert "hidden to protect another group" in dashboard


def test_a_team_with_responses_is_never_counted_on_the_edit_page(
    leader_client: FlaskClient, org: Organization
):
    company = factories.make_company(org, "Acme", teams=("Alpha", "Beta"))
    campaign = factories.make_campaign(company, k=5)
    factories.make_responses(campaign, company.teams[0], 1)
    page = leader_client.get(f"/companies/{company.id}/edit").get_data(as_text=True)
    cells = re.findall(r"<td>([^<]*)</td>", page)
    assert cells == ["1", "1"]  # each team: in one campaign; no count of responses
    assert "responses" not in page.split("<tbody>")[1].split("</tbody>")[0]
