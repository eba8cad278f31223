"""Tallies kept at submission equal a recount from the stored answers."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AnswerTally, ResponseTally
from survey_app.results.tallies import rebuild_tallies
from survey_app.surveys.submission import submit_response
from tests import factories


def _snapshot(campaign_id: int):
    answers = db.session.execute(
        select(
            AnswerTally.team_key,
            AnswerTally.item_key,
            AnswerTally.dimension,
            AnswerTally.value,
            AnswerTally.count,
        ).where(AnswerTally.campaign_id == campaign_id)
    ).all()
    responses = db.session.execute(
        select(ResponseTally.team_key, ResponseTally.count).where(
            ResponseTally.campaign_id == campaign_id
        )
    ).all()
    return sorted(answers), sorted(responses)


def test_tallies_match_a_recount(org):
    company = factories.make_company(org)
    campaign = factories.make_campaign(company)
    sales, support = company.teams
    for n in range(7):
        team = sales if n % 3 else support
        invitation = factories.make_invitation(campaign, team=team)
        answers = factories.complete_answers(campaign, importance=1 + n, execution=1 + n % 4)
        answers["no_trust__present"] = n % 2
        submit_response(invitation.id, answers, None, secrets.token_hex(8))

    kept = _snapshot(campaign.id)
    assert dict(kept[1]) == {sales.id: 4, support.id: 3}
    no_trust = {
        (team, value): count
        for team, item, dim, value, count in kept[0]
        if item == "no_trust" and dim == "present"
    }
    # n = 0..6; support gets n = 0, 3, 6 (ticked at 3); sales gets 1, 2, 4, 5 (ticked at 1, 5).
    assert no_trust == {(support.id, 0): 2, (support.id, 1): 1, (sales.id, 0): 2, (sales.id, 1): 2}

    rebuild_tallies(campaign.id)
    assert _snapshot(campaign.id) == kept
