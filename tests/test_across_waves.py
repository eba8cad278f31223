"""The cross-wave rule through campaign_results: a later wave hides what an earlier one exposes."""

from __future__ import annotations

import secrets
from datetime import timedelta

from survey_app.campaigns.services import close_campaign
from survey_app.extensions import db
from survey_app.models import Campaign, Company, Organization
from survey_app.results.campaign import campaign_results
from survey_app.surveys.submission import submit_response
from tests import factories


def _wave(company: Company, people: dict[str, str], days_ago: int) -> Campaign:
    """A closed wave answered by ``people`` (address -> team name), through the real path."""
    campaign = factories.make_campaign(company, k=5)
    teams = {t.name: t for t in company.teams}
    for email, team in people.items():
        invitation = factories.make_invitation(campaign, email=email, team=teams[team])
        answers = factories.complete_answers(campaign)
        submit_response(invitation.id, answers, None, secrets.token_hex(8))
    close_campaign(campaign)
    campaign.opens_on = campaign.created_at.date() - timedelta(days=days_ago)
    db.session.commit()
    return campaign


def _people(sales: int, support: int) -> dict[str, str]:
    return {f"s{i}@acme.example": "Sales" for i in range(sales)} | {
        f"t{i}@acme.example": "Support" for i in range(support)
    }


def test_one_newcomer_hides_the_team_and_the_overall_in_the_later_wave(org: Organization) -> None:
    company = factories.make_company(org)
    first = _wave(company, _people(5, 6), days_ago=200)
    second = _wave(company, _people(5, 6) | {"new@acme.example": "Sales"}, days_ago=10)
    before = campaign_results(first)
    assert before.visible
    assert all(team.visible for team in before.teams)
    after = campaign_results(second)
    # 12 people against 11: "this wave less the last" would be the newcomer.
    assert not after.visible
    assert after.overall is None
    reasons = {team.label: team.hidden_reason for team in after.teams}
    assert reasons["Sales"] == "fewer than 5 people changed since an earlier wave"


def test_the_same_people_again_hide_nothing(org: Organization) -> None:
    company = factories.make_company(org)
    _wave(company, _people(5, 6), days_ago=200)
    second = _wave(company, _people(5, 6), days_ago=10)
    after = campaign_results(second)
    assert after.visible
    assert all(team.visible for team in after.teams)


def test_five_newcomers_are_a_group_of_k_and_hide_nothing(org: Organization) -> None:
    company = factories.make_company(org)
    _wave(company, _people(5, 6), days_ago=200)
    second = _wave(company, _people(10, 6), days_ago=10)
    after = campaign_results(second)
    assert after.visible
    assert all(team.visible for team in after.teams)
