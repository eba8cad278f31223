"""Property: whatever the campaign, no number shown rests on fewer than k responses.

Hypothesis builds random campaigns (k in 3..10, 1-5 teams, 0 / 1 / k-1 / k / more responses per
team, random answers), stores them as Response and Answer rows, recounts the tallies, and then
checks ``campaign_results`` and the CSV export against the true team counts: every visible
aggregate covers at least k responses, and the total minus the visible teams never isolates
1..k-1 responses.
"""

from __future__ import annotations

import itertools
import random
import secrets
from dataclasses import dataclass
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select

from survey_app.api.results import results_json
from survey_app.extensions import db
from survey_app.models import (
    NO_TEAM,
    Answer,
    AnswerTally,
    Campaign,
    CampaignInstrument,
    CampaignStatus,
    Company,
    Response,
    ResponseTally,
    Team,
    campaign_teams,
)
from survey_app.results.campaign import campaign_results
from survey_app.results.scope import Viewer
from survey_app.results.tallies import rebuild_tallies
from survey_app.scoring import reveals_small_group
from tests import factories
from tests.api_tokens import bearer, make_token
from tests.export_tables import csv_tables

NUMERIC_TEAM_COLUMNS = ("Responses", "Teamwork Index", "Culture Risk Index")


@dataclass(frozen=True)
class Plan:
    k: int
    team_counts: tuple[int, ...]  # responses per team
    no_team: int  # responses stored without a team (a campaign whose teams were removed)
    rng: random.Random


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    k = draw(st.integers(min_value=3, max_value=10))
    edge = st.sampled_from([0, 1, k - 1, k, k + 1])
    count = st.one_of(edge, st.integers(min_value=0, max_value=3 * k))
    teams = draw(st.lists(count, min_size=1, max_size=5))
    no_team = draw(st.one_of(st.just(0), edge))
    return Plan(k, tuple(teams), no_team, draw(st.randoms(use_true_random=False)))


def _store(campaign: Campaign, team_ids: list[int | None], plan: Plan) -> None:
    slots = [(i.key, s) for i in campaign.pinned_instruments() for s in i.slots()]
    responses, answers = [], []
    for team_id in team_ids:
        response_id = secrets.token_hex(16)
        responses.append(
            {
                "id": response_id,
                "campaign_id": campaign.id,
                "team_id": team_id,
                "submitted_on": date.today(),
                "nonce": secrets.token_hex(16),
            }
        )
        for instrument_key, slot in slots:
            answers.append(
                {
                    "response_id": response_id,
                    "instrument_key": instrument_key,
                    "item_key": slot.item_key,
                    "dimension": slot.dimension,
                    "value": plan.rng.randint(slot.min, slot.max),
                }
            )
    if responses:
        db.session.execute(insert(Response), responses)
        db.session.execute(insert(Answer), answers)
    db.session.commit()
    rebuild_tallies(campaign.id)


def _clean() -> None:
    db.session.rollback()
    for stmt in (
        delete(Answer),
        delete(Response),
        delete(AnswerTally),
        delete(ResponseTally),
        delete(campaign_teams),
        delete(CampaignInstrument),
        delete(Campaign),
        delete(Team),
        delete(Company),
    ):
        db.session.execute(stmt)
    db.session.commit()


def _csv_sections(body: bytes) -> dict[str, list[dict[str, str]]]:
    """The CSV export (a zip, one file per table) as {table name: [row as a dict]}."""
    return {
        name: [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
        for name, rows in csv_tables(body).items()
    }


def _check_results(campaign: Campaign, cells: dict[int, int], k: int) -> set[int]:
    """Check campaign_results; return the team keys it shows."""
    results = campaign_results(campaign)
    total = sum(cells.values())
    assert results.visible == (total >= k)
    if results.overall is None:
        assert results.risk_band is None
        assert results.recommendations == ()
    else:
        assert results.overall.n == total >= k
        assert all(p.n >= k for p in results.overall.scorecard.practices)
        assert results.overall.enemies.raters >= k
    shown = set()
    for team in results.teams:
        assert team.team_key in cells
        if team.scores is None:
            assert team.hidden_reason
            continue
        shown.add(team.team_key)
        assert team.scores.n == cells[team.team_key] >= k
        assert all(p.n == team.scores.n for p in team.scores.scorecard.practices)
        assert team.scores.enemies.raters == team.scores.n
    assert {t.team_key for t in results.teams} >= {key for key, n in cells.items() if n}
    assert not reveals_small_group(cells, shown, k, total_shown=results.visible)
    return shown


def _check_csv(body: bytes, cells: dict[int, int], labels: dict[str, int], k: int) -> set[int]:
    """Check the exported CSV; return the team keys it shows numbers for."""
    sections = _csv_sections(body)
    total = sum(cells.values())
    headline = {row["Measure"]: row["Value"] for row in sections["Headline"]}
    if total < k:
        assert list(sections) == ["Headline"]
        assert "Teamwork Index" not in headline
        return set()
    assert all(int(row["n"]) >= k for row in sections["Practices"])
    assert all(int(row["Raters"]) >= k for row in sections["Enemies"])
    shown = set()
    for row in sections.get("Teams", []):
        key = labels[row["Team"]]
        numbers = {name: value for name, value in row.items() if name.endswith("%")}
        numbers.update({name: row[name] for name in NUMERIC_TEAM_COLUMNS})
        if row["Shown"] == "no":
            assert set(numbers.values()) == {""}, row
        else:
            assert int(row["Responses"]) == cells[key] >= k
            shown.add(key)
    assert not reveals_small_group(cells, shown, k, total_shown=True)
    return shown


def _check_api(client, leader, campaign: Campaign, cells: dict[int, int], k: int) -> set[int]:
    """Check the REST API's results (/api/v1): the dashboard's, to the last figure, and no
    group under k; return the team keys it shows numbers for."""
    headers = bearer(make_token(leader))
    response = client.get(f"/api/v1/campaigns/{campaign.id}/results", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body == results_json(campaign_results(campaign))
    total = sum(cells.values())
    assert body["visible"] == (total >= k)
    if body["overall"] is not None:
        assert body["overall"]["responses"] == total >= k
    shown = set()
    for team in body["teams"]:
        if team["scores"] is None:
            assert not team["visible"]
            assert team["hidden_reason"]
            continue
        assert team["scores"]["responses"] == cells[team["team_id"]] >= k
        shown.add(team["team_id"])
    assert not reveals_small_group(cells, shown, k, total_shown=body["visible"])
    return shown


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=plans())
def test_no_shown_number_rests_on_fewer_than_k_responses(leader_client, org, leader, plan: Plan):
    try:
        names = tuple(f"Team {n}" for n in range(len(plan.team_counts)))
        company = factories.make_company(org, name="Probe", teams=names)
        # Closed, so every response is shown (test_snapshot_properties covers open campaigns).
        campaign = factories.make_campaign(company, k=plan.k, status=CampaignStatus.CLOSED)
        by_name = {t.name: t.id for t in company.teams}
        cells = {by_name[name]: n for name, n in zip(names, plan.team_counts, strict=True)}
        team_ids: list[int | None] = [key for key, n in cells.items() for _ in range(n)]
        team_ids += [None] * plan.no_team
        if plan.no_team:
            cells[NO_TEAM] = plan.no_team
        plan.rng.shuffle(team_ids)
        _store(campaign, team_ids, plan)
        assert db.session.scalar(select(db.func.count()).select_from(Response)) == len(team_ids)

        shown = _check_results(campaign, cells, plan.k)
        response = leader_client.get(f"/campaigns/{campaign.id}/export-csv.zip")
        assert response.status_code == 200
        labels = {**by_name, "No team": NO_TEAM}
        assert _check_csv(response.data, cells, labels, plan.k) == shown
        assert _check_api(leader_client, leader, campaign, cells, plan.k) == shown
    finally:
        _clean()


# ---- Team-scoped viewers (issue 14, part 3) ----


def _scoped_views(campaign: Campaign, scope: frozenset[int]) -> list[tuple[frozenset[int], int]]:
    """Every aggregate a viewer of ``scope`` can read about the campaign, as (the teams it
    adds up, its response count): their dashboard and each of its team filters."""
    viewer = Viewer(scope)
    views = [campaign_results(campaign, viewer=viewer)]
    views += [campaign_results(campaign, viewer=viewer, team=key) for key in sorted(scope)]
    seen: list[tuple[frozenset[int], int]] = []
    for results in views:
        assert results.scoped
        assert results.rest is None  # "the rest of the company" is never theirs
        assert {t.team_key for t in results.teams} <= scope
        shown = frozenset(t.team_key for t in results.teams if t.scores is not None)
        parts = {t.team_key: t.scores.n for t in results.teams if t.scores is not None}
        seen += [(frozenset({key}), n) for key, n in parts.items()]
        if results.overall is None:
            assert not shown
            assert results.responses == results.completed_invitations == 0
        else:  # the overall adds up exactly the teams shown beside it, nothing else
            assert results.overall.n == results.responses == sum(parts.values())
            assert results.completed_invitations == results.overall.n
            seen.append((shown, results.overall.n))
    return seen


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=plans(), data=st.data())
def test_no_scoped_view_with_any_other_isolates_fewer_than_k(org, plan: Plan, data) -> None:
    """Whatever the teams and the scope, everything a scoped viewer can read (their dashboard
    and each team filter) is made of teams each shown at k or more after the whole campaign's
    suppression; so any two of their views differ by 0 or at least k responses, and none
    holds a response of a team outside the scope or hidden to protect another."""
    try:
        names = tuple(f"Team {n}" for n in range(len(plan.team_counts)))
        company = factories.make_company(org, name="Scoped probe", teams=names)
        campaign = factories.make_campaign(company, k=plan.k, status=CampaignStatus.CLOSED)
        by_name = {t.name: t.id for t in company.teams}
        cells = {by_name[name]: n for name, n in zip(names, plan.team_counts, strict=True)}
        team_ids: list[int | None] = [key for key, n in cells.items() for _ in range(n)]
        team_ids += [None] * plan.no_team
        if plan.no_team:
            cells[NO_TEAM] = plan.no_team
        plan.rng.shuffle(team_ids)
        _store(campaign, team_ids, plan)
        scope = frozenset(data.draw(st.sets(st.sampled_from(sorted(by_name.values())))))
        # What anyone may see of the breakdown: the scoped views may only use these teams.
        public = {t.team_key for t in campaign_results(campaign).teams if t.scores is not None}
        views = _scoped_views(campaign, scope)
        for teams, n in views:
            assert teams <= scope & public
            assert n == sum(cells[key] for key in teams) >= plan.k
        for (a, n_a), (b, n_b) in itertools.combinations(views, 2):
            for big, small, diff in ((a, b, n_a - n_b), (b, a, n_b - n_a)):
                if small <= big:  # one view holds the other: the difference is readable
                    assert diff == 0 or diff >= plan.k, (a, b)
    finally:
        _clean()
