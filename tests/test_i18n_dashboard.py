"""A leader who picked French on /account sees the campaign dashboard and the company trends in
French, whole: the headings, the charts, the instruments' wording, and no English heading left
(survey_app/i18n.py, USER_LANGUAGE_PAGES). Another leader keeps the English pages."""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient

from survey_app.extensions import db
from survey_app.instruments import ENEMIES, SCORECARD, in_language, latest_versions
from survey_app.models import Campaign, CampaignStatus, Organization, User

from . import factories
from .conftest import login
from .test_team_scope import world  # noqa: F401 - the team-scoped leader's organisation

# Headings and labels the dashboard shows for a campaign with both instruments and a previous
# wave with an action, in English and as the French catalogue has them.
DASHBOARD = {
    "Response rate": "Taux de réponse",
    "Teamwork Index": "Indice du travail d’équipe",
    "Culture Risk": "Risque culturel",
    "How to read the quadrants": "Comment lire les quadrants",
    "The nine best practices": "Les neuf bonnes pratiques",
    "How often each practice happens": "À quelle fréquence chaque pratique est appliquée",
    "Category scores": "Scores par catégorie",
    "Enemies of teamwork": "Ennemis du travail d’équipe",
    "What changed where you acted": "Ce qui a changé là où vous avez agi",
    "Teams side by side": "Équipes côte à côte",
    "Recommendations for the strategy session": "Recommandations pour la session de stratégie",
    "Methodology": "Méthodologie",
    "Trends and wave comparison": "Tendances et comparaison des vagues",
    "Show the numbers as a table": "Afficher les chiffres sous forme de tableau",
}
TRENDS = {
    "Waves": "Vagues",
    "Teamwork Index and Culture Risk over time": "Indice du travail d’équipe et Risque culturel",
    "Compare two waves": "Comparer deux vagues",
    "Wave A (before)": "Vague A (avant)",
    "Execution %: A vs B": "Mise en œuvre %\u00a0: A et B",
    "Enemies of teamwork: A vs B": "Ennemis du travail d’équipe\u00a0: A et B",
    "Show the numbers as a table": "Afficher les chiffres sous forme de tableau",
}


def _text(page: str) -> str:
    """The page's words as a reader sees them (tags and the figures' JSON left out)."""
    body = re.sub(r'<script type="application/json".*?</script>', " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def _figure_titles(page: str) -> list[str]:
    found = re.findall(r'<script type="application/json" id="figure-[^"]+">(.*?)</script>', page)
    return [json.loads(raw)["layout"]["title"]["text"] for raw in found]


@pytest.fixture
def waves(org: Organization, leader: User) -> tuple[Campaign, Campaign]:
    """Two closed waves of a company with two teams over k, both instruments, and an action
    recorded after the first (so the second shows its before and after)."""
    company = factories.make_company(org, name="Acme Traders", teams=("North", "South"))
    north, south = company.teams
    first = factories.make_campaign(company, title="Spring pulse")
    factories.make_responses(first, north, 5, execution=2)
    factories.make_responses(first, south, 5, execution=3)
    factories.make_session_and_action(first, leader, "Spring")
    second = factories.make_campaign(company, title="Autumn pulse")
    factories.make_responses(second, north, 5, execution=3)
    factories.make_responses(second, south, 6, execution=4)
    # Answered while open, then closed; the first wave opened a season earlier.
    first.opens_on = date.today() - timedelta(days=90)
    first.closes_on = date.today() - timedelta(days=60)
    for campaign in (first, second):
        campaign.status = CampaignStatus.CLOSED
    db.session.commit()
    return first, second


def _in_french(client: FlaskClient) -> FlaskClient:
    assert client.post("/account/language", data={"language": "fr"}).status_code == 302
    return client


def test_a_french_leaders_dashboard_is_in_french(leader_client, waves):
    _first, second = waves
    page = _in_french(leader_client).get(f"/campaigns/{second.id}/dashboard")
    assert page.status_code == 200
    source = page.get_data(as_text=True)
    assert '<html lang="fr">' in source
    text = _text(source)
    for english, french in DASHBOARD.items():
        assert french in text, french
        assert english not in text, english
    assert "Se déconnecter" in text  # the menu, in French too
    # The instruments' wording is the French translation's, in the tables and the charts.
    practice = in_language(latest_versions()[SCORECARD], "fr").items_of_type("practice")[0]
    enemy = in_language(latest_versions()[ENEMIES], "fr").items_of_type("enemy")[0]
    assert practice.text in text
    assert enemy.text in text
    # What the page's script writes (a sorted table, a chart that fails) and the decimals.
    assert 'data-ascending="Trié par {column}, ordre croissant."' in source
    assert "0,52" in text  # the spread
    assert "0.52" not in text
    titles = _figure_titles(source)
    assert "Importance et mise en œuvre" in " ".join(titles)
    assert not any("Importance vs execution" in title for title in titles)


def test_a_french_leaders_trends_page_is_in_french(leader_client, waves):
    first, second = waves
    url = f"/companies/{second.company_id}/trends?a={first.id}&b={second.id}"
    source = _in_french(leader_client).get(url).get_data(as_text=True)
    assert '<html lang="fr">' in source
    text = _text(source)
    for english, french in TRENDS.items():
        assert french in text, french
        assert english not in text, english
    assert "Tendances" in text
    titles = _figure_titles(source)
    assert "Mise en œuvre % de chaque pratique dans le temps" in titles
    assert not any("over time" in title or "A vs B" in title for title in titles)
    same = f"/companies/{second.company_id}/trends?a={first.id}&b={first.id}"
    text = _text(leader_client.get(same).get_data(as_text=True))
    assert "Choisissez deux vagues différentes" in text


def test_a_leader_who_keeps_english_sees_the_english_dashboard(leader_client, waves):
    _first, second = waves
    source = leader_client.get(f"/campaigns/{second.id}/dashboard").get_data(as_text=True)
    assert '<html lang="en">' in source
    text = _text(source)
    for english, french in DASHBOARD.items():
        assert english in text, english
        assert french not in text, french
    assert 'data-ascending="Sorted by {column}, ascending."' in source
    assert "0.52" in text


def test_a_team_scoped_leaders_own_lists_are_in_french_and_the_others_english(
    app,
    world,  # noqa: F811 - the fixture imported above
    leader_client,
):
    """The lists a team-scoped leader sees in place of the companies' and campaigns' pages are
    translated whole; the same endpoints stay English for a leader who sees everything."""
    user = db.session.get(User, world.scoped)
    user.language = "fr"
    db.session.commit()
    scoped = login(app.test_client(), user)
    pages = {
        "/campaigns/": ("Vous voyez les campagnes menées avec vos équipes", "Clôturée"),
        "/companies/": ("Vous voyez les entreprises comptant l’une de vos équipes", "Vos équipes"),
        f"/companies/{world.acme}": ("Campagnes avec vos équipes", "3 réponses"),
    }
    for path, words in pages.items():
        source = scoped.get(path).get_data(as_text=True)
        assert '<html lang="fr">' in source, path
        text = _text(source)
        for french in words:
            assert french in text, (path, french)
        for english in ("You see", "Your teams", "Campaigns with your teams", "Closed"):
            assert english not in text, (path, english)
    board = _text(scoped.get(f"/campaigns/{world.acme_wave}/dashboard").get_data(as_text=True))
    board = re.sub(r"\s+", " ", board.replace("\u2068", "").replace("\u2069", ""))
    assert "Vous ne voyez que vos équipes ( North )" in board
    assert "Aucun chiffre pour l’ensemble de l’entreprise ne vous est présenté." in board
    # A leader who sees the whole organisation and picked French gets the same endpoints in
    # French too, the actions list included (i18n.USER_LANGUAGE_PAGES).
    _in_french(leader_client)
    for path in ("/campaigns/", "/companies/", f"/companies/{world.acme}", "/actions/"):
        page = leader_client.get(path)
        assert page.status_code == 200, path
        assert '<html lang="fr">' in page.get_data(as_text=True), path
