"""Every campaign shape gets a full, truthful PDF: Scorecard only, Enemies only, both, and a
campaign whose every team is hidden. The PDFs are real (Kaleido charts, WeasyPrint), read back
with pypdf."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

from survey_app.reports.campaign import campaign_report
from survey_app.reports.document import render_pdf
from survey_app.results.campaign import campaign_results
from tests import factories
from tests.shapes import shaped_campaign

pytestmark = [pytest.mark.slow, pytest.mark.engine_independent]


def _pdf_text(app, campaign) -> str:
    with app.test_request_context():
        pdf = render_pdf(campaign_report(campaign))
    reader = PdfReader(BytesIO(pdf))
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def _body(text: str) -> str:
    """The report before its methodology page (which names every rule and section)."""
    return text.rsplit("Methodology How every number", 1)[0]


@pytest.fixture
def company(org):
    return factories.make_company(org, name="Shape Co", teams=("North", "South"))


def test_scorecard_only(app, company):
    campaign = shaped_campaign(company, "scorecard-only")
    results = campaign_results(campaign)
    assert results.recommendations, "the shaped answers put practices in Concentrate here"
    text = _pdf_text(app, campaign)
    body = _body(text)
    # The whole report names the one instrument used and explains only its numbers.
    assert "Instrument: the Teamwork Scorecard, from the chapter" in text
    assert "Enemies of teamwork and Culture Risk" not in text
    assert "Enemies of Teamwork checklist" not in text.split("This campaign used")[0]
    assert "The nine best practices" in body
    assert "Top priorities" in body
    assert "Concentrate here" in body
    for absent in (
        "Culture Risk is",
        "The band is",
        "Top enemies",
        "Enemy:",
        "Enemies of teamwork by team",
    ):
        assert absent not in body, absent
    actions = body.split("What to do next", 1)[1].split("Best practices: importance", 1)[0]
    assert "keep up the good work" not in actions.lower()
    # Each recommendation is printed, with its practice.
    for rec in results.recommendations:
        assert " ".join(rec.action.split())[:60] in body
    assert "One concrete action for every practice in “Concentrate here”" in body


def test_enemies_only(app, company):
    campaign = shaped_campaign(company, "enemies-only")
    text = _pdf_text(app, campaign)
    body = _body(text)
    assert "Instrument: the Enemies of Teamwork checklist, from the chapter" in text
    for absent in ("Importance-Performance Analysis", "Teamwork Index", "Agreement Spread"):
        assert absent not in text, absent
    assert "The nine best practices" not in body
    assert "Top priorities" not in body
    assert "Teamwork Index is" not in body
    assert "Culture Risk is 7 out of 100" in body  # (6 + 4 + 4) ticks / (10 raters x 20)
    assert (
        "The band is At risk: Misaligned goals (60%) is seen by half of the raters or more." in body
    )
    assert "Enemy: Misaligned goals (seen by 60% of the raters)" in body
    assert "Enemy: No trust (seen by 40% of the raters)" in body
    assert "no enemy is seen by more than one rater in three" not in body.lower()
    assert "Concentrate here" not in body


def test_both_instruments_and_visible_teams(app, company):
    campaign = shaped_campaign(company, "both")
    body = _body(_pdf_text(app, campaign))
    for present in (
        "The nine best practices",
        "Top enemies of teamwork",
        "The band is At risk: Misaligned goals (60%)",
        "Teams side by side",
        "Enemy: Misaligned goals",
        "Practice: ",
    ):
        assert present in body, present


def test_every_team_hidden_says_so_in_one_line(app, org):
    company = factories.make_company(org, name="Small Teams", teams=("A", "B", "C"))
    campaign = shaped_campaign(company, "both", per_team=(2, 2, 2))
    results = campaign_results(campaign)
    assert results.visible
    assert not any(team.visible for team in results.teams)
    body = _body(_pdf_text(app, campaign))
    assert (
        "All 3 teams have fewer than 5 responses or must stay hidden to protect a smaller one"
        in body
    )
    assert "Execution % by team" not in body
    assert "Not shown:" not in body  # no table of grey rows either


def test_change_since_the_previous_wave_uses_shared_instruments_only(app, company):
    shaped_campaign(company, "enemies-only", title="Enemies in spring")
    scorecard = shaped_campaign(company, "scorecard-only", title="Scorecard in summer")
    assert "Change since the previous wave" not in _pdf_text(app, scorecard)
    both = shaped_campaign(company, "both", title="Both in autumn")
    text = _body(_pdf_text(app, both))
    change = text.split("Change since the previous wave", 1)[1]
    assert "Compared with Scorecard in summer" in change
    assert "Teamwork Index" in change
    assert "Culture Risk" not in change.split("Execution % per practice")[0]
