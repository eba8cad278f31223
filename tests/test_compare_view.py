"""The compare view of a prospect: one colour per group whatever groups there are, a legend for
every series, and for a prospect nobody has assessed or surveyed, a sentence instead of our own
company's bars (which were drawn in the observers' colour)."""

from __future__ import annotations

import json
import re

import pytest
from flask import Flask, g
from flask.testing import FlaskClient

from survey_app.campaigns.services import close_campaign
from survey_app.charts.theme import BRAND
from survey_app.instruments import ENEMIES, latest_versions
from survey_app.models import Organization, User
from survey_app.prospects.charts import GROUP_COLORS, Series, perception_chart

from . import factories


@pytest.fixture(autouse=True)
def one_user_per_request(app: Flask) -> None:
    @app.before_request
    def forget_user() -> None:
        g.pop("_login_user", None)


@pytest.fixture
def own_results(org: Organization) -> None:
    """Our own company, with a closed survey of k responses: the reference beside a prospect."""
    company = factories.make_company(org, name="Our Company", teams=())
    campaign = factories.make_campaign(company, k=3, with_teams=False)
    factories.make_responses(campaign, None, 3)
    close_campaign(campaign)


def _figure(page: str, name: str) -> dict | None:
    found = re.search(
        rf'<script type="application/json" id="fig-{name}">(.*?)</script>', page, re.S
    )
    return json.loads(found.group(1)) if found else None


def test_an_unassessed_prospect_says_so_and_draws_nothing(
    org: Organization, rep: User, rep_client: FlaskClient, own_results: None
) -> None:
    prospect = factories.make_prospect(org, rep, name="Quiet Bank")
    page = rep_client.get(f"/prospects/{prospect.id}/compare").get_data(as_text=True)
    assert 'id="nothing-to-compare"' in page
    assert "Nobody has assessed Quiet Bank yet" in re.sub(r"</?bdi>", "", page)
    assert _figure(page, "enemies") is None
    assert _figure(page, "practices") is None


def test_each_group_keeps_its_colour_and_its_legend(
    org: Organization, rep: User, rep_client: FlaskClient, own_results: None
) -> None:
    prospect = factories.make_prospect(org, rep, name="Seen Bank")
    factories.make_assessment(prospect, rep, ticked=("no_trust", "cynicism"))
    page = rep_client.get(f"/prospects/{prospect.id}/compare").get_data(as_text=True)
    figure = _figure(page, "enemies")
    assert figure is not None
    colours = {trace["name"]: trace["marker"]["color"] for trace in figure["data"]}
    assert colours == {
        "Our observers (1 assessment)": GROUP_COLORS["observers"],
        "Our own company (3 responses)": GROUP_COLORS["own"],
    }
    assert figure["layout"]["showlegend"] is True
    assert all(trace.get("showlegend") is not False for trace in figure["data"])


@pytest.mark.parametrize("groups", [["own"], ["employees", "own"], ["own", "observers"]])
def test_a_series_is_drawn_in_its_groups_colour_and_always_named(groups: list[str]) -> None:
    enemies = latest_versions()[ENEMIES]
    series = [Series(f"{group} view", {"no_trust": 50.0}, group) for group in groups]
    fig = perception_chart(series, enemies, "enemy", "Who sees what", "Share")
    assert [trace.marker.color for trace in fig.data] == [GROUP_COLORS[g] for g in groups]
    assert fig.layout.showlegend is True  # Plotly hides the legend of a lone series otherwise
    assert all(trace.showlegend is not False for trace in fig.data)
    assert GROUP_COLORS["own"] != BRAND  # our own company is never in the observers' colour
