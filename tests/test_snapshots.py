"""An open campaign's published snapshot: what every reader shows, and when it moves.

The rule itself is proved by ``test_snapshot_properties``; these tests follow it through the
pages, the export and the PDF, through close and reopen, and under concurrent submissions.
"""

from __future__ import annotations

import secrets
import subprocess
from functools import partial

from flask import Flask
from sqlalchemy import func, select

from survey_app.campaigns.services import close_campaign, reopen_campaign
from survey_app.extensions import db
from survey_app.models import AnswerTally, Campaign, ResponseTally
from survey_app.results.campaign import campaign_results
from survey_app.surveys.submission import submit_response

from . import factories
from .export_tables import csv_tables
from .test_races import together


def _submit(campaign: Campaign, times: int, team=None) -> None:
    for _ in range(times):
        invitation = factories.make_invitation(campaign, team=team)
        answers = factories.complete_answers(campaign)
        submit_response(invitation.id, answers, None, secrets.token_hex(16))
    db.session.expire_all()


def _pdf_text(client, campaign: Campaign) -> str:
    response = client.get(f"/campaigns/{campaign.id}/report.pdf")
    assert response.status_code == 200, response.status_code
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.data, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode().split())


def _export_rows(client, campaign: Campaign) -> dict[str, str]:
    """First column -> second, over every table of the CSV export (a zip, a file per table)."""
    tables = csv_tables(client.get(f"/campaigns/{campaign.id}/export-csv.zip").data)
    return {row[0]: row[1] for rows in tables.values() for row in rows if len(row) >= 2}


def test_every_reader_shows_the_snapshot_and_says_what_it_is_as_of(org, leader_client):
    company = factories.make_company(org, name="Snapshot Co", teams=())
    campaign = factories.make_campaign(company, k=3, with_teams=False)
    _submit(campaign, 4)

    results = campaign_results(campaign)
    assert (results.responses, results.completed_invitations) == (3, 4)
    said = "Results as of 3 responses (4 received); next update after 2 more."
    page = leader_client.get(f"/campaigns/{campaign.id}/dashboard").get_data(as_text=True)
    assert said in page
    assert 'id="kpi-responses">3<' in page
    assert _export_rows(leader_client, campaign)["Results as of"].startswith(said)
    assert said in _pdf_text(leader_client, campaign)

    _submit(campaign, 1)  # 5 received: still short of 3 new ones
    assert campaign_results(campaign).responses == 3
    _submit(campaign, 1)  # 6: three since the last snapshot
    assert campaign_results(campaign).responses == 6

    _submit(campaign, 1)
    close_campaign(campaign)  # at close every response counts, and nothing says "as of"
    closed = campaign_results(campaign)
    assert (closed.responses, closed.snapshot) == (7, None)
    page = leader_client.get(f"/campaigns/{campaign.id}/dashboard").get_data(as_text=True)
    assert "Results as of" not in page
    assert 'id="kpi-responses">7<' in page
    assert "Results as of" not in _export_rows(leader_client, campaign)

    # Reopened, it moves on in steps of k from what was shown while closed.
    reopen_campaign(campaign, None)
    _submit(campaign, 2)
    assert campaign_results(campaign).responses == 7
    _submit(campaign, 1)
    assert campaign_results(campaign).responses == 10


def test_each_team_moves_on_its_own_and_the_page_says_so(org, leader_client):
    company = factories.make_company(org, name="Teams Co", teams=("North", "South"))
    campaign = factories.make_campaign(company, k=3)
    north, south = campaign.teams
    _submit(campaign, 4, north)
    _submit(campaign, 2, south)

    results = campaign_results(campaign)
    assert results.responses == 3  # North's first three; South has not reached 3
    shown = {t.label: t.scores.n if t.scores else None for t in results.teams}
    assert shown == {"North": 3, "South": None}  # South shows nothing of its two yet
    page = leader_client.get(f"/campaigns/{campaign.id}/dashboard").get_data(as_text=True)
    assert "Results as of 3 of 6 responses received." in page
    assert "a team’s figures update once 3 more of its people have answered" in page

    _submit(campaign, 1, south)
    results = campaign_results(campaign)
    assert results.responses == 6
    assert {t.label: t.scores.n for t in results.teams if t.scores} == {"North": 3, "South": 3}


def test_the_under_k_page_counts_what_arrived(org, leader_client):
    company = factories.make_company(org, name="Small Co", teams=("A", "B", "C"))
    campaign = factories.make_campaign(company, k=3)
    for team in campaign.teams:
        _submit(campaign, 2, team)  # 6 received, no team has 3 yet: nothing published
    page = leader_client.get(f"/campaigns/{campaign.id}/dashboard").get_data(as_text=True)
    assert 'id="response-count">6<' in page
    assert "a team’s answers are added only 3 at a time" in page
    assert "Send a reminder" not in page  # no such feature yet


def _consistent(campaign_id: int) -> tuple[int, int]:
    """The published snapshot is whole: every published answer count belongs to it."""
    published, received = db.session.execute(
        select(func.sum(ResponseTally.published_count), func.sum(ResponseTally.count)).where(
            ResponseTally.campaign_id == campaign_id
        )
    ).one()
    per_item = db.session.execute(
        select(AnswerTally.item_key, func.sum(AnswerTally.published_count))
        .where(AnswerTally.campaign_id == campaign_id, AnswerTally.dimension == "execution")
        .group_by(AnswerTally.item_key)
    ).all()
    assert per_item
    assert {n for _, n in per_item} == {published}, (per_item, published)
    return published, received


def test_concurrent_submissions_publish_whole_snapshots(app: Flask, org):
    company = factories.make_company(org, name="Rush Co", teams=())
    campaign = factories.make_campaign(
        company, k=3, with_teams=False, instruments=("teamwork_scorecard",)
    )
    campaign_id = campaign.id
    answers = factories.complete_answers(campaign)
    shown_before = 0
    for round_ in range(1, 6):
        invitations = [factories.make_invitation(campaign).id for _ in range(8)]
        jobs = [
            partial(submit_response, i, answers, None, secrets.token_hex(16)) for i in invitations
        ]
        results = together(app, jobs)
        assert all(not isinstance(r, BaseException) for r in results), results
        db.session.expire_all()
        published, received = _consistent(campaign_id)
        assert received == 8 * round_
        assert 0 <= received - published < 3  # caught up to within one step
        assert published >= shown_before  # never moves back
        shown_before = published
