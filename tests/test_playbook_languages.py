"""The playbook in Spanish, French and German: versioned data beside the English one, read in the
language being rendered (a French report prints its recommended actions in French), while an
organisation's own edits win in every language."""

from __future__ import annotations

import html
import re

import pytest
import yaml
from sqlalchemy import select

from survey_app.actions.services import prefill
from survey_app.actions.targets import campaign_targets, with_every_item
from survey_app.extensions import db
from survey_app.i18n import LANGUAGES, rendering_in
from survey_app.models import Campaign
from survey_app.reports.campaign import campaign_report
from survey_app.reports.document import render_html
from survey_app.results.campaign import campaign_results, default_playbook
from survey_app.scoring import RecommendationKind, load_playbook
from survey_app.scoring.recommendations import DEFAULT_PLAYBOOK, playbook_file

TRANSLATED = [code for code in LANGUAGES if code != "en"]
SECTIONS = ("practices", "enemies", "prospects")  # the deals' advice is the "prospects" section


def raw(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def folded(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_translation_has_the_english_keys_and_its_own_words(language):
    english, other = raw(DEFAULT_PLAYBOOK), raw(playbook_file(language))
    assert playbook_file(language).name == f"playbook.{language}.yaml"
    assert other["language"] == language
    assert isinstance(other["version"], int)
    assert other["version"] >= 1
    assert other["english_version"] == english["version"]  # what it translates is current
    assert set(other) - {"language", "version", "english_version"} == set(SECTIONS)
    for section in SECTIONS:
        assert list(other[section]) == list(english[section]), (language, section)
        for key, text in other[section].items():
            assert isinstance(text, str), (language, section, key)
            assert text.strip(), (language, section, key)
            assert folded(text) != folded(english[section][key]), (language, section, key)
            # A figure is never lost or made up in translation ("30 minutes").
            assert re.findall(r"\d+", text) == re.findall(r"\d+", english[section][key])
    parsed = load_playbook(playbook_file(language))  # valid against the instruments too
    assert (parsed.language, parsed.version) == (language, other["version"])


def test_the_english_playbook_is_as_it_was():
    playbook = load_playbook()
    assert playbook_file("en") == DEFAULT_PLAYBOOK
    assert (playbook.language, playbook.version) == ("en", 1)
    assert playbook.action("strategy_reviews").startswith(
        'Adopt "No review, no resources": no travel, demo or proposal on a major opportunity'
    )
    assert playbook.action("no_trust") == (
        "Keep every commitment you make to the team, visibly and on time, and ask your managers "
        "to do the same. Share forecast and account information openly so nobody has to guess."
    )
    assert playbook.deal_advice("cynicism").startswith("Ask what they expect will go wrong")
    for unknown in ("xx", "../playbook", "EN", ""):
        assert playbook_file(unknown) == DEFAULT_PLAYBOOK  # no translation: the English


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_an_organisations_edit_wins_in_every_language(language):
    default = default_playbook(language)
    edited = default.merged({"strategy_reviews": "  Our own review rule.  ", "no_trust": " "})
    assert edited.action("strategy_reviews") == "Our own review rule."
    assert edited.action("no_trust") == default.action("no_trust")  # blank: the default's
    assert edited.action("clear_owner") == default.action("clear_owner")
    assert edited.deal_advice("cynicism") == default.deal_advice("cynicism")
    assert edited.language == language
    if language != "en":
        assert default.action("clear_owner") != default_playbook("en").action("clear_owner")


@pytest.fixture(scope="module")
def spring(demo_app) -> Campaign:
    return db.session.scalar(select(Campaign).where(Campaign.title == "Spring 2026 teamwork pulse"))


def test_the_playbook_follows_the_language_being_rendered(demo_app):
    assert default_playbook() is default_playbook("en")  # a page not yet translated
    with rendering_in("fr"):
        assert default_playbook() is default_playbook("fr")
    assert default_playbook() is default_playbook("en")  # back to the page's own


def test_a_french_report_carries_the_french_action_for_concentrate_here(spring):
    english = campaign_results(spring)  # a page in English: the English actions
    assert any(r.kind is RecommendationKind.PRACTICE for r in english.recommendations)
    content = campaign_report(spring, language="fr")
    recs = content.context["practice_recs"]
    assert recs, "the demo campaign has a Concentrate here practice"
    french, plain = default_playbook("fr"), default_playbook("en")
    page = html.unescape(render_html(content, images={}))
    for rec in recs:
        assert rec.action == french.action(rec.item_key) != plain.action(rec.item_key)
        assert rec.action in page
        assert plain.action(rec.item_key) not in page
    for rec in content.context["enemy_recs"]:
        assert rec.action == french.action(rec.item_key)
    assert [r.action for r in english.recommendations] == [
        plain.action(r.item_key) for r in english.recommendations
    ]


def test_a_prefilled_action_title_is_in_the_language_of_its_page(spring):
    results = campaign_results(spring)
    targets = with_every_item(campaign_targets(results))
    assert all(t.suggestion == default_playbook("en").action(t.key) for t in targets)
    with rendering_in("de"):
        german = with_every_item(campaign_targets(campaign_results(spring)))
    playbook = default_playbook("de")
    assert all(t.suggestion == playbook.action(t.key) for t in german)
    title, notes = prefill(playbook.action("strategy_reviews"))
    assert title.startswith("Führen Sie die Regel „Kein Review, keine Ressourcen“ ein")
    assert notes.startswith("Halten Sie die Reviews zu festen Terminen ab")


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_a_prefilled_title_is_never_cut_short(language):
    """An action's title is the text's first sentence: in every language it fits whole."""
    playbook = default_playbook(language)
    for text in [
        *playbook.practices.values(),
        *playbook.enemies.values(),
        *playbook.deals.values(),
    ]:
        title, _notes = prefill(text)
        assert not title.endswith("\u2026"), (language, title)
