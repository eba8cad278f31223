"""Leaders see how many have answered, never who: no page or download lists an invitation's
status, and what lists invitations reads the same before and after someone answers."""

from __future__ import annotations

import re
import secrets

from survey_app.surveys.submission import submit_response
from tests import factories


def _invitation_rows(page: str) -> str:
    return page.split('id="invitations-heading"', 1)[1].split("</table>", 1)[0]


def test_who_answered_is_shown_nowhere(leader_client, org):
    company = factories.make_company(org, teams=("Large", "Small"))
    large, small = company.teams
    campaign = factories.make_campaign(company, k=5)
    people = [
        factories.make_invitation(campaign, f"l{n}@example.com", team=large) for n in range(6)
    ]
    people += [
        factories.make_invitation(campaign, f"s{n}@example.com", team=small) for n in range(2)
    ]

    def views() -> tuple[str, str, str]:
        detail = leader_client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
        links = leader_client.get(f"/campaigns/{campaign.id}/links").get_data(as_text=True)
        invite = leader_client.get(f"/campaigns/{campaign.id}/invite").get_data(as_text=True)
        return detail, links, invite

    before = views()
    answering = people[3]
    answers = factories.complete_answers(campaign)
    submit_response(answering.id, answers, large.id, secrets.token_hex(8))
    after = views()

    assert _invitation_rows(before[0]) == _invitation_rows(after[0])
    assert before[1] == after[1]  # the links page shows counts, the same before and after
    assert before[2] == after[2]  # and so does the invitation page
    # Both pages a leader invites from say so (issue 12: "say so on the invitation page").
    assert 'id="who-not-shown"' in after[0]
    assert "but never who: no page or download shows whether a person has answered" in after[2]
    for page in after:
        for status in ("pending", "started", "completed"):
            assert f">{status}<" not in page
    assert "l3@example.com" in after[0]  # the campaign page lists everyone invited
    assert "l3@example.com" not in after[1]  # the links page lists no one
    assert leader_client.get(f"/campaigns/{campaign.id}/links.csv").status_code == 404
    # Counts: for the team with k invitations or more, and not for the small one.
    progress = after[0].split('id="team-progress"', 1)[1].split("</table>", 1)[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", progress).split())
    assert "Large 6 5 0 1" in text
    assert "Small 2 Not shown: fewer than 5 invitations" in text
    # The filter that listed "completed" people is gone: it returns everyone.
    filtered = leader_client.get(f"/campaigns/{campaign.id}?status=completed").get_data(
        as_text=True
    )
    assert _invitation_rows(filtered) == _invitation_rows(after[0])
