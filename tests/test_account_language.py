"""A user's own language (issue 17, part 2): picked on /account, it sets the menu, the home
page and the report download's first language; everyone else keeps the English pages."""

from __future__ import annotations

import html
import re

from survey_app.extensions import db
from survey_app.i18n import select_locale


def text(page: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def test_a_french_leaders_home_page_is_in_french(leader_client, leader):
    assert leader.language == "en"  # the default, and every user's before the column came
    english = text(leader_client.get("/").get_data(as_text=True))
    assert f"Hello, {leader.name}" in english
    assert "Sign out" in english

    account = leader_client.get("/account").get_data(as_text=True)
    assert 'id="language-form"' in account
    assert leader_client.post("/account/language", data={"language": "fr"}).status_code == 302
    db.session.refresh(leader)
    assert leader.language == "fr"

    page = leader_client.get("/").get_data(as_text=True)
    assert '<html lang="fr">' in page
    french = text(page)
    assert f"Bonjour, {leader.name}" in french
    for word in ("Campagnes", "Entreprises", "Mon compte", "Se déconnecter"):
        assert word in french, word
    for english_word in (f"Hello, {leader.name}", "Sign out", "My account", "Next steps"):
        assert english_word not in french, english_word


def test_a_refused_language_keeps_the_users_own(leader_client, leader):
    refused = leader_client.post("/account/language", data={"language": "xx"})
    assert refused.status_code == 200
    db.session.refresh(leader)
    assert leader.language == "en"


def test_the_report_picker_offers_the_users_language_first(leader_client, leader, org):
    from survey_app.models import CampaignStatus

    from . import factories

    company = factories.make_company(org, name="Acme Traders")
    campaign = factories.make_campaign(company, title="Q3 pulse", status=CampaignStatus.CLOSED)
    leader_client.post("/account/language", data={"language": "de"})
    page = leader_client.get(f"/campaigns/{campaign.id}/dashboard").get_data(as_text=True)
    assert '<option value="de" lang="de" selected>Deutsch</option>' in page
    # The dashboard is translated whole: German, menu and all, with no English heading left.
    assert '<html lang="de">' in page
    assert "Abmelden" in page  # the menu's sign-out
    assert "Die Ergebnisse erscheinen, sobald mindestens" in page  # the waiting panel
    for german in ("PDF-Bericht", "Methodik", "Trends und Wellenvergleich"):
        assert german in page
    for english in ("Results appear once", "PDF report", "Methodology", "Trends and wave"):
        assert english not in page


def test_only_the_signed_out_pages_follow_the_browser(app, client):
    # The sign-in page speaks the browser's language (tests/test_i18n_signed_out.py); a page
    # that is not one of them stays English for someone not signed in, whatever it asks.
    page = client.get("/auth/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="fr">' in page
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        assert select_locale() == "en"
    with app.test_request_context("/auth/login"):
        assert select_locale() == "en"


def test_the_account_page_and_its_messages_in_the_users_language(leader_client, leader):
    saved = leader_client.post("/account/language", data={"language": "fr"}, follow_redirects=True)
    page = saved.get_data(as_text=True)
    assert '<html lang="fr">' in page
    french = text(page)
    assert "Votre langue est enregistrée." in french  # said in the language just picked
    for words in ("Votre compte", "Changer le mot de passe", "Jetons d’API", "90 jours"):
        assert words in french, words
    refused = leader_client.post(
        "/account/password",
        data={"current": "correct horse battery", "password": "short", "confirm": "short"},
    )
    errors = text(refused.get_data(as_text=True))
    assert "Veuillez corriger les champs signalés." in errors
    assert "Utilisez au moins 8 caractères." in errors
    for english in ("Your account", "Use at least", "Please correct"):
        assert english not in errors, english
