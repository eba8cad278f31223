"""Surveys in English, Spanish, French and German (issue 17, part 2): the respondent's side.

The catalogues are checked against what the survey templates actually mark (extracted with
Babel's own extractor, as `pybabel extract -F babel.cfg` does), every string must be
translated, every instrument item has its text in every language, and a respondent is served,
and recorded, in the language chosen by the rules of survey_app/i18n.py.
"""

from __future__ import annotations

import html
import re
import secrets
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.i18n import LANGUAGES, choose
from survey_app.instruments import in_language, registry
from survey_app.instruments.translations import missing, translations
from survey_app.models import Campaign, Response
from survey_app.results.campaign import campaign_results
from survey_app.surveys.submission import submit_response

from . import factories

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [code for code in LANGUAGES if code != "en"]


def catalogue(language: str):
    path = ROOT / "survey_app" / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        return read_po(f, locale=language)


def marked_strings() -> set[str | tuple[str, ...]]:
    """Every string the survey templates and the form's Python mark, per babel.cfg."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None}
    keywords["lazy_ngettext"] = (1, 2)
    found = extract_from_dir(str(ROOT), method_map, options_map, keywords=keywords)
    return {message for _file, _line, message, _comments, _context in found}


def test_the_extraction_finds_the_survey_pages_strings():
    strings = marked_strings()
    assert "Start the survey" in strings  # intro.html
    assert "Thank you, your answers have been received" in strings  # thanks.html
    assert "Which team are you in?" in strings  # surveys/forms.py
    assert ("The survey has %(num)s part:", "The survey has %(num)s parts:") in strings


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogue_covers_every_marked_string(language):
    known = {m.id for m in catalogue(language) if m.id}
    left_out = marked_strings() - known
    assert not left_out, f"{language}: not in the catalogue (run pybabel update): {left_out}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_is_translated(language):
    untranslated = []
    for message in catalogue(language):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(s and s.strip() for s in strings):
            untranslated.append(message.id)
    assert not untranslated, f"{language}: untranslated: {untranslated}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_instrument_item_has_its_translation(language):
    for (key, version), instrument in registry().items():
        translation = translations().get((key, version, language))
        assert translation is not None, f"no {language} translation of {key} v{version}"
        assert translation.translation_version >= 1
        assert missing(instrument, translation) == [], (key, language)
        translated = in_language(instrument, language)
        for english, other in zip(instrument.items, translated.items, strict=True):
            assert english.key == other.key
            assert other.text != english.text or other.text in ("Favoritismo",), other.key


def test_the_english_stays_the_definitions_own():
    scorecard = registry()[("teamwork_scorecard", 1)]
    assert in_language(scorecard, "en") is scorecard
    french = in_language(scorecard, "fr")
    assert french.slots()[0].name == scorecard.slots()[0].name  # answers stored as one
    assert scorecard.item("sales_culture").text == "We have a strong sales culture."
    assert french.item("sales_culture").text == "Nous avons une forte culture commerciale."


@pytest.mark.parametrize(
    ("picked", "accept", "offered", "expected"),
    [
        (None, [("fr-CA", 1.0), ("en", 0.5)], list(LANGUAGES), "fr"),
        ("de", [("fr", 1.0)], list(LANGUAGES), "de"),  # the respondent's pick comes first
        ("de", [("fr", 1.0)], ["en", "fr"], "fr"),  # ... if the campaign offers it
        (None, [("it", 1.0)], list(LANGUAGES), "en"),
        (None, [("it", 1.0)], ["es", "de"], "es"),  # no English offered: the first offered
    ],
)
def test_the_language_chosen(picked, accept, offered, expected):
    assert choose(picked, accept, offered) == expected


def text(page: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


@pytest.fixture
def campaign(org):
    company = factories.make_company(org, name="Acme Sales")
    return factories.make_campaign(company, title="Spring wave", k=3, with_teams=False)


def answers_posted(page: str, campaign: Campaign) -> dict[str, str]:
    nonce = re.search(r'name="nonce"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="nonce"', page
    )
    assert nonce
    data = {"action": "submit", "nonce": nonce.group(1)}
    for name, value in factories.complete_answers(campaign).items():
        if not name.endswith("__present"):
            data[name] = str(value)
    data["no_trust__present"] = "y"
    return data


def test_a_french_respondent_then_picks_german_and_answers_in_german(client, campaign):
    invitation = factories.make_invitation(campaign, email="ana@example.com")
    french = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}
    assert client.get(f"/s/{invitation.token}", headers=french).status_code == 302

    intro = client.get("/survey", headers=french).get_data(as_text=True)
    assert '<html lang="fr">' in intro
    assert "Commencer le questionnaire" in text(intro)
    assert "Tableau de bord du travail d’équipe" in text(intro)  # the instrument's title
    assert "Start the survey" not in intro
    # The picker: every language by its own name, the current one marked.
    for code, name in LANGUAGES.items():
        assert f'lang="{code}" hreflang="{code}"' in intro
        assert name in intro
    assert re.search(r'lang="fr" hreflang="fr"\s+aria-current="true">Français', intro)

    form = client.get("/survey/answers", headers=french).get_data(as_text=True)
    assert "Nous avons une forte culture commerciale." in text(form)
    assert "Nous le faisons systématiquement" in text(form)
    assert "Absence de confiance" in text(form)

    german = client.get("/survey?lang=de", headers=french).get_data(as_text=True)
    assert '<html lang="de">' in german
    assert "Umfrage starten" in text(german)
    form = client.get("/survey/answers", headers=french).get_data(as_text=True)  # kept
    assert "Wir haben eine starke Vertriebskultur." in text(form)
    assert "Kein Vertrauen" in text(form)

    sent = client.post("/survey/answers", data=answers_posted(form, campaign), headers=french)
    assert sent.status_code == 302
    thanks = client.get(sent.location, headers=french).get_data(as_text=True)
    assert "Vielen Dank, Ihre Antworten sind eingegangen" in text(thanks)
    (response,) = db.session.scalars(select(Response).where(Response.campaign_id == campaign.id))
    assert response.language == "de"


def test_switching_language_on_the_form_keeps_what_was_typed(client, campaign):
    """On the form page the picker posts the form (survey.js; the browser test clicks it): what
    was typed is saved as a draft, then the same form comes back in the language picked, with
    every answer in place."""
    invitation = factories.make_invitation(campaign, email="ana@example.com")
    french = {"Accept-Language": "fr"}
    client.get(f"/s/{invitation.token}", headers=french)
    form = client.get("/survey/answers", headers=french).get_data(as_text=True)
    assert re.search(r'hreflang="de"\s+data-switch-form="survey-form" data-language="de"', form)
    typed = {k: v for k, v in answers_posted(form, campaign).items() if "__" in k}
    some = dict(list(typed.items())[:5])
    switched = client.post(
        "/survey/answers", data={**some, "action": "language:de"}, headers=french
    )
    assert switched.status_code == 302
    page = client.get(switched.location, headers=french)
    while page.status_code == 302:  # the first save's private link, then the form
        page = client.get(page.location, headers=french)
    html = page.get_data(as_text=True)
    if "/survey/answers" not in switched.location:
        html = client.get("/survey/answers", headers=french).get_data(as_text=True)
    assert '<html lang="de">' in html
    assert "Wir haben eine starke Vertriebskultur." in text(html)
    checked = {
        (re.search(r'name="([^"]+)"', tag).group(1), re.search(r'value="([^"]*)"', tag).group(1))
        for tag in re.findall(r"<input\b[^>]*\bchecked\b[^>]*>", html)
    }
    assert set(some.items()) <= checked, set(some.items()) - checked


def test_errors_on_the_form_are_in_the_respondents_language(client, campaign):
    invitation = factories.make_invitation(campaign, email="ana@example.com")
    spanish = {"Accept-Language": "es"}
    client.get(f"/s/{invitation.token}", headers=spanish)
    form = client.get("/survey/answers", headers=spanish).get_data(as_text=True)
    data = answers_posted(form, campaign)
    del data["sales_culture__importance"]
    page = client.post("/survey/answers", data=data, headers=spanish).get_data(as_text=True)
    assert "Falta responder 1 pregunta" in text(page)
    assert "indique la importancia" in text(page)
    assert "Elija un número del 1 al 10." in text(page)


def test_a_campaign_offers_only_its_languages(client, campaign):
    campaign.languages = ["en", "de"]
    db.session.commit()
    invitation = factories.make_invitation(campaign, email="ana@example.com")
    french = {"Accept-Language": "fr"}
    client.get(f"/s/{invitation.token}", headers=french)
    intro = client.get("/survey?lang=es", headers=french).get_data(as_text=True)
    assert '<html lang="en">' in intro  # neither French nor Spanish is offered
    assert "Start the survey" in intro
    assert 'hreflang="de"' in intro
    assert 'hreflang="fr"' not in intro
    assert 'hreflang="es"' not in intro


def test_a_french_and_an_english_response_count_together(client, campaign):
    for _ in range(2):  # in English, without a browser (the demo's way)
        invitation = factories.make_invitation(campaign)
        answers = factories.complete_answers(campaign, importance=10, execution=4)
        submit_response(invitation.id, answers, None, secrets.token_hex(8))
    invitation = factories.make_invitation(campaign, email="luc@example.com")
    french = {"Accept-Language": "fr"}
    client.get(f"/s/{invitation.token}", headers=french)
    form = client.get("/survey/answers", headers=french).get_data(as_text=True)
    data = answers_posted(form, campaign)
    data.update({n: "1" for n in data if n.endswith("__importance")})
    data.update({n: "1" for n in data if n.endswith("__execution")})
    assert client.post("/survey/answers", data=data, headers=french).status_code == 302

    db.session.expire_all()
    languages = sorted(db.session.scalars(select(Response.language)))
    assert languages == ["en", "en", "fr"]
    results = campaign_results(db.session.get(Campaign, campaign.id))
    assert results.responses == 3
    assert results.overall is not None  # k = 3: shown only with the French answer counted


def test_the_leader_restricts_a_campaigns_languages(leader_client, org):
    from tests.test_campaigns import _form

    company = factories.make_company(org, name="Globex")
    page = leader_client.get(f"/campaigns/new?company_id={company.id}").get_data(as_text=True)
    assert page.count('name="languages" type="checkbox"') == 4
    assert page.count('checked class="form-check-input" id="languages-') == 4  # all by default
    assert "Français (French)" in page

    sent = leader_client.post("/campaigns/new", data=_form(company, languages=["fr", "en"]))
    assert sent.status_code == 302
    campaign = db.session.scalars(select(Campaign).where(Campaign.company_id == company.id)).one()
    assert campaign.languages == ["en", "fr"]  # in the pickers' order

    # A form without the field (an older page, the API) offers all four.
    assert leader_client.post("/campaigns/new", data=_form(company)).status_code == 302
    newest = db.session.scalars(select(Campaign).order_by(Campaign.id.desc())).first()
    assert newest.languages == list(LANGUAGES)


def test_a_recurring_waves_next_wave_offers_the_same_languages(org):
    from survey_app.campaigns.recurrence import create_next_wave
    from survey_app.models import CampaignStatus

    company = factories.make_company(org, name="Initech")
    wave = factories.make_campaign(company, with_teams=False)
    wave.languages = ["fr", "de"]
    wave.repeat_weeks = 4
    wave.status = CampaignStatus.CLOSED
    db.session.commit()
    next_id = create_next_wave(wave.id)
    assert next_id is not None
    assert db.session.get(Campaign, next_id).languages == ["fr", "de"]
