"""Campaign dashboard and company trends, on the demo data (three teams, one under k)."""

from __future__ import annotations

import json
import re

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import select

from survey_app.demo import DEMO_ORG, load_demo
from survey_app.extensions import db
from survey_app.models import Campaign, Organization, Role
from survey_app.results.campaign import campaign_results

from . import factories
from .conftest import login

CHARTS = ("ipa", "distribution", "categories", "enemies", "team_practices", "team_enemies")


@pytest.fixture
def demo(app: Flask) -> dict[str, int]:
    load_demo(base_url="http://x")
    org = db.session.scalar(select(Organization).where(Organization.name == DEMO_ORG))
    campaigns = list(
        db.session.scalars(
            select(Campaign).where(Campaign.organization_id == org.id).order_by(Campaign.id)
        )
    )
    # The demo's waves' own company: the organisation has others (customers, prospects), and
    # an unordered "first company" was another one on PostgreSQL.
    company = campaigns[0].company
    assert all(c.company_id == company.id for c in campaigns)
    return {
        "first": campaigns[0].id,
        "closed": campaigns[1].id,
        "open": campaigns[2].id,
        "company": company.id,
    }


def _demo_client(app: Flask, email: str = "leader@northwind.example") -> FlaskClient:
    client = app.test_client()
    password = "demo-admin-pass" if email.startswith("admin") else "demo-leader-pass"
    response = client.post("/auth/login", data={"email": email, "password": password})
    assert response.status_code == 302
    return client


def _figure(html: str, name: str) -> dict:
    match = re.search(rf'<script type="application/json" id="figure-{name}">(.*?)</script>', html)
    assert match, f"no figure {name}"
    return json.loads(match.group(1))


def _text(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</p>', html, re.S)
    assert match, element_id
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_dashboard_shows_every_chart_and_the_headline_numbers(
    app: Flask, demo: dict[str, int]
) -> None:
    html = _demo_client(app).get(f"/campaigns/{demo['closed']}/dashboard").get_data(as_text=True)
    results = campaign_results(db.session.get(Campaign, demo["closed"]))
    for name in CHARTS:
        assert f'id="chart-{name}"' in html
        assert _figure(html, name)["data"]
    assert 'src="/static/vendor/plotly.min.js"' in html
    assert _text(html, "kpi-responses") == str(results.responses)
    assert _text(html, "kpi-rate") == f"{results.response_rate:.0f}%"
    card, enemies = results.overall.scorecard, results.overall.enemies
    assert _text(html, "kpi-index") == f"{card.teamwork_index:.0f} / 100"
    assert _text(html, "kpi-risk") == f"{enemies.culture_risk_index:.0f} / 100"
    assert results.risk_band.label in _text(html, "kpi-band")
    # The practice table, recommendations with the item wording, and the methodology.
    assert html.count('class="sort-btn"') == 8
    first = results.recommendations[0]
    wording = results.scorecard.item(first.item_key).text
    assert str(escape(wording)) in html
    assert str(escape(first.action)) in html
    assert "Importance-Performance Analysis" in html
    # The IPA points are the practices' percentages.
    xs = sorted(x for t in _figure(html, "ipa")["data"] for x in t["x"])
    assert xs == pytest.approx(sorted(p.execution_pct for p in card.practices))


def test_small_team_and_its_complement_show_no_numbers(app: Flask, demo: dict[str, int]) -> None:
    html = _demo_client(app).get(f"/campaigns/{demo['closed']}/dashboard").get_data(as_text=True)
    assert "fewer than 5 responses" in html
    assert "hidden to protect another group" in html
    for name in ("team_practices", "team_enemies"):
        heat = _figure(html, name)["data"][0]
        hidden = [i for i, label in enumerate(heat["x"]) if "hidden" in label]
        assert len(hidden) == 2  # Sales Engineering (3 answers) and Inside Sales (complement)
        for row, text in zip(heat["z"], heat["text"], strict=True):
            assert all(row[i] is None and text[i] == "" for i in hidden)
    # In the data tables, the hidden columns hold the word "hidden" and nothing else.
    tables = re.findall(r'<table class="table table-sm mb-0 team-table">(.*?)</table>', html, re.S)
    assert len(tables) == 2
    for table in tables:
        header = re.findall(r'<th scope="col" class="suppressed-col">(.*?)</th>', table, re.S)
        assert any("Sales Engineering" in h and "fewer than 5" in h for h in header)
        assert any("Inside Sales" in h for h in header)
        assert all("n =" not in h for h in header)
        cells = re.findall(r'<td class="suppressed-col">(.*?)</td>', table)
        assert cells
        assert set(cells) == {"hidden"}


def test_crosshairs_toggle(app: Flask, demo: dict[str, int]) -> None:
    client = _demo_client(app)
    html = client.get(f"/campaigns/{demo['closed']}/dashboard?crosshairs=fixed").get_data(
        as_text=True
    )
    shapes = _figure(html, "ipa")["layout"]["shapes"]
    assert shapes[0]["x0"] == 50
    assert shapes[1]["y0"] == 50
    assert "50 % on both axes" in html
    html = client.get(f"/campaigns/{demo['closed']}/dashboard").get_data(as_text=True)
    results = campaign_results(db.session.get(Campaign, demo["closed"]))
    shapes = _figure(html, "ipa")["layout"]["shapes"]
    assert shapes[0]["x0"] == pytest.approx(results.overall.scorecard.ipa.execution_crosshair)


def test_fewer_than_k_responses_shows_the_count_and_no_chart(
    app: Flask, demo: dict[str, int]
) -> None:
    html = _demo_client(app).get(f"/campaigns/{demo['open']}/dashboard").get_data(as_text=True)
    assert "Results appear once at least 5 people have answered" in html
    assert re.search(r'id="response-count">0<', html)
    assert "data-figure" not in html
    assert "application/json" not in html
    assert "plotly.min.js" not in html


@pytest.fixture
def campaign(org: Organization) -> Campaign:
    return factories.make_campaign(factories.make_company(org))


def _urls(campaign: Campaign) -> list[str]:
    return [f"/campaigns/{campaign.id}/dashboard", f"/companies/{campaign.company_id}/trends"]


def test_leader_and_admin_see_their_organisation(
    app: Flask, campaign: Campaign, admin: object
) -> None:
    for role in (Role.LEADER, Role.ADMIN):
        client = login(app.test_client(), factories.make_user(campaign.company.organization, role))
        for url in _urls(campaign):
            assert client.get(url).status_code == 200
        g.pop("_login_user", None)  # the fixture's app context outlives each request


def test_another_organisation_gets_404(
    app: Flask, campaign: Campaign, other_org: Organization
) -> None:
    client = login(app.test_client(), factories.make_user(other_org, Role.LEADER))
    for url in [*_urls(campaign), "/campaigns/999999/dashboard", "/companies/999999/trends"]:
        assert client.get(url).status_code == 404


def test_reps_get_403_and_strangers_the_login_page(
    rep_client: FlaskClient, client: FlaskClient, campaign: Campaign
) -> None:
    for url in _urls(campaign):
        assert rep_client.get(url).status_code == 403
    g.pop("_login_user", None)
    for url in _urls(campaign):
        assert client.get(url).status_code == 302


def test_trends_skip_small_waves_and_compare_two(app: Flask, demo: dict[str, int]) -> None:
    client = _demo_client(app)
    html = client.get(f"/companies/{demo['company']}/trends").get_data(as_text=True)
    assert "Skipped: fewer than 5 responses" in html  # the open wave, no answers yet
    headline = _figure(html, "trend_headline")
    first = campaign_results(db.session.get(Campaign, demo["first"]))
    second = campaign_results(db.session.get(Campaign, demo["closed"]))
    index = headline["data"][0]["y"]
    assert index == pytest.approx(
        [first.overall.scorecard.teamwork_index, second.overall.scorecard.teamwork_index]
    )
    assert len(_figure(html, "trend_practices")["data"]) == 9

    url = f"/companies/{demo['company']}/trends?a={demo['closed']}&b={demo['first']}"
    html = client.get(url).get_data(as_text=True)
    change = first.overall.scorecard.teamwork_index - second.overall.scorecard.teamwork_index
    sign = "+" if change >= 0 else "\u2212"
    assert f"{sign}{abs(change):.0f}</span> points" in html
    assert _figure(html, "compare_practices")
    assert _figure(html, "compare_enemies")
    assert 'id="compare-enemies-table"' in html

    html = client.get(f"/companies/{demo['company']}/trends?a={demo['open']}").get_data(
        as_text=True
    )
    assert "Choose two waves from the lists." in html  # a wave under k cannot be compared
