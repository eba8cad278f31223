"""The differencing attack of issue 12, rerun through the real routes: it recovers nothing.

The attack was: download the export, see on the campaign page which address has just
completed, download the export again, and read that one person's answers off the difference.
Here six named people answer one after the other through their survey links while a leader
downloads the export (CSV and XLSX are the same tables) and the PDF, and looks at every
campaign page, filtered or not, after each of them. The leader never learns who answered, and
no two downloads differ by fewer than k responses, so no difference is anyone's answers.
"""

from __future__ import annotations

import itertools
import random
import re

from survey_app.extensions import db
from survey_app.instruments import ENEMIES

from . import factories
from .export_tables import csv_tables
from .test_surveys import form_data, nonce_of, open_link

K = 3
PEOPLE = [f"person{n}@attack.example" for n in range(1, 7)]


def _export(leader_client, campaign_id: int) -> dict[str, object]:
    """The responses and each enemy's ticks, as the CSV export (a file per table) says them."""
    tables = csv_tables(leader_client.get(f"/campaigns/{campaign_id}/export-csv.zip").data)
    headline = {row[0]: row[1] for row in tables["Headline"][1:]}
    ticks = {row[0]: int(row[1]) for row in tables.get("Enemies", [])[1:]}
    return {"responses": int(headline["Responses"]), "ticks": ticks}


def _pages(leader_client, campaign_id: int) -> list[str]:
    """Every page a leader could use to tell who has answered (CSRF tokens taken out)."""
    urls = [
        f"/campaigns/{campaign_id}",
        f"/campaigns/{campaign_id}?status=completed",
        f"/campaigns/{campaign_id}?status=pending",
        f"/campaigns/{campaign_id}/invite",
        f"/campaigns/{campaign_id}/links",
        f"/campaigns/{campaign_id}/dashboard",
    ]
    pages = []
    for url in urls:
        response = leader_client.get(url)
        assert response.status_code == 200, url
        pages.append(re.sub(r'value="[^"]{20,}"', "", response.get_data(as_text=True)))
    return pages


def test_differencing_over_time_recovers_nothing(app, org, leader_client):
    company = factories.make_company(org, name="Attack Co", teams=())
    campaign = factories.make_campaign(company, k=K, with_teams=False, instruments=(ENEMIES,))
    links = {email: str(factories.make_invitation(campaign, email=email).token) for email in PEOPLE}
    rng = random.Random(12)
    truth: dict[str, dict[str, int]] = {}

    downloads = [_export(leader_client, campaign.id)]
    seen = _pages(leader_client, campaign.id)
    for email in PEOPLE:
        respondent = app.test_client()
        open_link(respondent, links[email])
        nonce = nonce_of(respondent.get("/survey/answers").get_data(as_text=True))
        answers = {
            name: rng.randint(0, 1)
            for name in factories.complete_answers(campaign)
            if name.endswith("__present")
        }
        answers[next(iter(answers))] = 1  # at least one tick: no "none ticked?" question
        truth[email] = {name.removesuffix("__present"): v for name, v in answers.items()}
        response = respondent.post("/survey/answers", data=form_data(answers, nonce=nonce))
        assert response.status_code == 302
        assert response.location.endswith("/survey/thanks")
        db.session.expire_all()

        # What the leader sees now says nothing about who has just answered ...
        pages = _pages(leader_client, campaign.id)
        for before, after in zip(seen, pages, strict=True):
            assert email not in after or email in before
        assert all(page.count(email) == seen[0].count(email) for page in pages[:3])
        seen = pages
        downloads.append(_export(leader_client, campaign.id))

    # ... and no two downloads differ by 1 to k-1 responses, so no difference singles anyone
    # out: the attack of the issue recovers nobody's ticks.
    recovered = 0
    for before, after in itertools.combinations(downloads, 2):
        gained = after["responses"] - before["responses"]
        assert gained == 0 or gained >= K, (before["responses"], after["responses"])
        if gained == 1:
            difference = {
                key: after["ticks"].get(key, 0) - before["ticks"].get(key, 0)
                for key in after["ticks"]
            }
            recovered += sum(1 for answers in truth.values() if answers == difference)
    assert recovered == 0
    assert [d["responses"] for d in downloads] == [0, 0, 0, 3, 3, 3, 6]
