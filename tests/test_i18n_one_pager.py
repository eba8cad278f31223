"""A prospect's one-pager in English, Spanish, French or German (?lang= on its download, the
picker beside it on the prospect's page, the rep's own language by default)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from datetime import date, timedelta

import pytest
from babel.dates import format_date
from flask.testing import FlaskClient

from survey_app.extensions import db
from survey_app.models import User
from survey_app.prospects import insights
from survey_app.prospects.services import NOTE_MAX
from survey_app.text import day

from .test_prospects import EIGHT, assess, create, one_user_per_request  # noqa: F401

# The headings, printed in capitals, in each language.
HEADINGS = {
    "en": ("Why: the enemies seen most", "Enemies seen by the observers (weighted)",
           "For the deal", "Assessments"),
    "fr": ("Pourquoi : les ennemis les plus vus", "Ennemis vus par les observateurs (pondéré)",
           "Pour l’affaire", "Évaluations"),
    "de": ("Warum: die am häufigsten gesehenen Feinde",
           "Von den Beobachtern gesehene Feinde (gewichtet)", "Für das Geschäft", "Bewertungen"),
}  # fmt: skip
# What the fullest page says in each language: its verdict, and the enemies beyond the first
# three it raises.
FULLEST = {
    "en": ("The verdict is Walk away:", "Also raise"),
    "fr": ("Le verdict est Renoncer :", "Abordez aussi"),
    "de": ("Das Urteil lautet Aussteigen:", "Sprechen Sie auch"),
}
# English words that a translated one-pager must not print (its product name aside; German
# says "Trend" too).
ENGLISH = (
    "Why:", "For the deal", "Assessments", "Enemies seen", "Strength of evidence", "Culture Risk",
    "weighted", "Also raise", "Owner:", "Deal size", "Weight of an assessment",
    "Pursue", "Walk away", "confidence", "latest", "Meeting", "seen in", "Named assessments",
)  # fmt: skip


def _text(pdf: bytes) -> str:
    """The PDF's text as pdftotext reads it, on one line."""
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(out.replace("\u00a0", " ").replace("\u202f", " ").split())


def _figures(text: str, language: str, days: list[date]) -> Counter[str]:
    """The numbers printed, whatever the language writes them with: the dates left out, the
    thousands' separators dropped, a decimal comma read as a point."""
    for d in days:
        written = day(d) if language == "en" else format_date(d, "medium", locale=language)
        text = text.replace(" ".join(written.replace("\u00a0", " ").split()), " ")
    text = re.sub(r"\d{1,3}(?:[ .,]\d{3})+\b", lambda m: re.sub(r"\D", "", m.group()), text)
    text = re.sub(r"(\d),(\d)", r"\1.\2", text)
    return Counter(re.findall(r"\d+(?:\.\d+)?", text))


def _fullest(client: FlaskClient) -> int:
    """The longest name, every enemy ticked with the longest notes, three assessments."""
    pid = create(client, name="Woodgrove " + "Insurance Holdings " * 10)
    keys = [i.key for i in insights.enemies_instrument().items_of_type("enemy")]
    for n in range(3):
        note = f"Observation {n}: " + "the buyer's teams contradict each other " * 60
        assess(client, pid, {key: note[:NOTE_MAX] for key in keys}, days_ago=n)
    return pid


needs_pdftotext = pytest.mark.skipif(not shutil.which("pdftotext"), reason="no pdftotext")


@pytest.mark.slow
@needs_pdftotext
def test_the_french_and_german_one_pagers_are_in_their_language(rep_client: FlaskClient) -> None:
    """Headings, verdict and advice in the language, no English heading or label left, and the
    same figures as the English one-pager."""
    pid = create(rep_client, name="Woodgrove Insurance")
    assess(rep_client, pid, EIGHT, days_ago=2)
    assess(rep_client, pid, dict(list(EIGHT.items())[:3]), confidence="medium", days_ago=1)
    days = [date.today() - timedelta(days=n) for n in range(3)]
    texts = {}
    for language in ("en", "fr", "de"):
        response = rep_client.get(f"/prospects/{pid}/one-pager.pdf?lang={language}")
        assert response.status_code == 200
        texts[language] = _text(response.data)
    english = texts["en"]
    assert "The verdict is" in english
    assert all(heading.upper() in english for heading in HEADINGS["en"])
    for language in ("fr", "de"):
        text = texts[language]
        for heading in HEADINGS[language]:
            assert heading.upper() in text, (language, heading, text)
        for word in ENGLISH:
            assert word.lower() not in text.lower(), (language, word, text)
        # The enemies by their names in the language, the advice from its playbook.
        assert FULLEST[language][0] in text
        assert "CFO and VP Sales contradicted" in text  # what the rep wrote stays as written
        assert _figures(text, language, days) == _figures(english, "en", days), language


@pytest.mark.slow
@needs_pdftotext
def test_the_one_pager_is_in_the_reps_own_language_unless_asked(
    rep_client: FlaskClient, rep: User
) -> None:
    """No ?lang=: the language the rep's prospect page is shown in; ?lang= wins; an unknown
    one is the rep's own."""
    pid = create(rep_client, name="Woodgrove Insurance")
    assess(rep_client, pid, EIGHT)
    rep.language = "fr"
    db.session.commit()
    page = rep_client.get(f"/prospects/{pid}").get_data(as_text=True)
    assert 'id="report-language"' in page
    assert '<option value="fr" lang="fr" selected>' in page
    assert "Langue du rapport" in page
    assert "PDF dans cette langue" in page
    french = _text(rep_client.get(f"/prospects/{pid}/one-pager.pdf").data)
    assert "POUR L’AFFAIRE" in french
    assert french == _text(rep_client.get(f"/prospects/{pid}/one-pager.pdf?lang=xx").data)
    english = _text(rep_client.get(f"/prospects/{pid}/one-pager.pdf?lang=en").data)
    assert "FOR THE DEAL" in english
    spanish = _text(rep_client.get(f"/prospects/{pid}/one-pager.pdf?lang=es").data)
    assert "PARA LA OPORTUNIDAD" in spanish
    assert "Para la oportunidad" not in english


@pytest.mark.slow
def test_the_one_pager_says_its_language(
    rep_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """<html lang> of the page the PDF is made from: the one asked."""
    from survey_app.prospects import report_views

    pid = create(rep_client, name="Proseware")
    seen: list[str] = []
    real = report_views.html_to_pdf
    monkeypatch.setattr(report_views, "html_to_pdf", lambda html: seen.append(html) or real(html))
    rep_client.get(f"/prospects/{pid}/one-pager.pdf?lang=de")
    assert '<html lang="de">' in seen[0]
    assert "Noch niemand hat" in seen[0]
