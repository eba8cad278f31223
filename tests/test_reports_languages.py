"""The campaign report in French and German (issue 17, part 2): rendered as a real PDF through
the command line, read back with ``pdftotext`` as a reader would, and compared with the English
one: the words change, the numbers do not."""

from __future__ import annotations

import re
import subprocess
from collections import Counter

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.i18n import rendering_in
from survey_app.instruments import in_language
from survey_app.models import Campaign
from survey_app.reports import formatting as fmt
from survey_app.reports import store
from survey_app.results.campaign import campaign_results
from survey_app.results.scope import UNSCOPED, Viewer

pytestmark = [pytest.mark.slow, pytest.mark.engine_independent]

# Headings of the report in each language; none of the English ones may be left in the others.
HEADINGS = {
    "en": ["Executive summary", "What to do next", "The nine best practices", "Methodology",
           "Teams side by side", "Change since the previous wave", "Minimum group size (k)"],
    "fr": ["Synthèse", "Prochaines étapes", "Les neuf bonnes pratiques", "Méthodologie",
           "Équipes côte à côte", "Évolution depuis la vague précédente",
           "Taille minimale de groupe (k)"],
    "de": ["Zusammenfassung", "Nächste Schritte", "Die neun bewährten Praktiken", "Methodik",
           "Teams im Vergleich", "Veränderung seit der vorigen Welle", "Mindestgruppengröße (k)"],
}  # fmt: skip
ENGLISH_ELSEWHERE = [*HEADINGS["en"], "Page 1 of", "Confidential: for the strategy session",
                     "Top priorities", "Best practice", "Not shown: fewer than"]  # fmt: skip


@pytest.fixture(scope="module")
def spring(demo_app) -> Campaign:
    return db.session.scalar(select(Campaign).where(Campaign.title == "Spring 2026 teamwork pulse"))


@pytest.fixture(scope="module")
def pdfs(demo_app, spring, tmp_path_factory):
    """The English, French and German PDFs of the demo campaign, by language."""
    found = {}
    folder = tmp_path_factory.mktemp("languages")
    for language in ("en", "fr", "de"):
        out = folder / f"report-{language}.pdf"
        args = ["report", str(spring.id), "--lang", language, "-o", str(out)]
        result = demo_app.test_cli_runner().invoke(args=args)
        assert result.exit_code == 0, result.output
        found[language] = out
    return found


def pdf_text(path) -> str:
    """The PDF's text as pdftotext reads it, whitespace folded."""
    args = ["pdftotext", "-enc", "UTF-8", str(path), "-"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())


def pages(path) -> list[str]:
    args = ["pdftotext", "-enc", "UTF-8", str(path), "-"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return [" ".join(page.split()) for page in out.split("\f") if page.strip()]


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_headings_are_in_the_language_and_the_english_is_gone(pdfs, language):
    text = pdf_text(pdfs[language])
    for heading in HEADINGS[language]:
        assert heading in text, (language, heading)
    for english in ENGLISH_ELSEWHERE:
        assert english not in text, (language, english)
    assert "Executive summary" in pdf_text(pdfs["en"])  # the English report is as it was


def test_the_item_wording_is_the_instruments_translation(pdfs, spring):
    results = campaign_results(spring)
    french = pdf_text(pdfs["fr"])
    english = pdf_text(pdfs["en"])
    scorecard = in_language(results.scorecard, "fr")
    for practice in results.overall.scorecard.practices:
        assert scorecard.item(practice.key).text in french
        assert results.scorecard.item(practice.key).text in english  # the seed's own
        assert results.scorecard.item(practice.key).text not in french
    top = results.overall.enemies.prevalences[0].key
    assert in_language(results.enemies_instrument, "fr").item(top).text in french


def _figures(text: str) -> Counter[str]:
    """Every figure the report prints (percentages, signed points, indices, counts), without
    the page numbers and dates, whose place on the page the language may change."""
    text = re.sub(r"(Page|Seite|Página) \d+ (of|sur|von|de) \d+", " ", text)
    text = _unspaced(text)  # "58 %" in French and German is the English "58%"
    return Counter(re.findall(r"[−+]?\d+%?", text))


def _unspaced(text: str) -> str:
    """The language's space before "%" left out: pdftotext gives it back as a plain space, or
    none at all where a cell is narrow ("2%" beside "30 %")."""
    return re.sub(r"(\d)[ \u00a0\u202f]?%", r"\1%", text)


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_numbers_are_the_english_reports(pdfs, spring, language):
    results = campaign_results(spring)
    card, enemies = results.overall.scorecard, results.overall.enemies
    english, other = pages(pdfs["en"]), pages(pdfs[language])
    # The practice table, page by page: the same figures in the same rows.
    table_en = next(p for p in english if "The nine best practices" in p)
    table = next(p for p in other if HEADINGS[language][2] in p)
    def rows() -> list[str]:
        return [
            " ".join([fmt.pct(p.importance_pct), fmt.pct(p.execution_pct), fmt.signed(p.gap),
                      fmt.pct(p.top_box_pct)])
            for p in card.practices
        ]  # fmt: skip

    for row in rows():
        assert row in table_en
    with rendering_in(language):  # the same figures, with the language's "58 %"
        for row in rows():
            assert "\u00a0%" in row
            assert _unspaced(row) in _unspaced(table)
    assert _figures(table) == _figures(table_en)
    teams_en = next(p for p in english if "Teams side by side" in p)
    teams = next(p for p in other if HEADINGS[language][4] in p)
    assert _figures(teams) == _figures(teams_en)
    summary = next(p for p in other if HEADINGS[language][0] in p)
    assert f"{fmt.one(card.teamwork_index)} / 100" in summary
    assert f"{fmt.one(enemies.culture_risk_index)} / 100" in summary
    # Every figure of the whole report: none added, none lost in translation (how often each
    # appears follows the page count and the charts' room for their labels).
    dates = r"\d+\.? (\w+\.? )?\d{4}|\d{2}\.\d{2}\.\d{4}"  # "1 Dec 2026", "01.12.2026"
    undated = [re.sub(dates, " ", " ".join(text)) for text in (english, other)]
    assert set(_figures(undated[1])) == set(_figures(undated[0]))


def test_the_french_report_is_laid_out_whole(pdfs, tmp_path):
    """One page of the French PDF as an image (50 dpi), for a person to look at, and checked
    here for ink inside the page's margins only."""
    from PIL import Image

    prefix = tmp_path / "fr"
    french = pages(pdfs["fr"])
    page = next(i for i, p in enumerate(french, start=1) if "Les neuf bonnes pratiques" in p)
    args = ["pdftoppm", "-png", "-r", "50", "-f", str(page), "-l", str(page)]
    subprocess.run([*args, str(pdfs["fr"]), str(prefix)], check=True)
    png = next(tmp_path.glob("fr*.png"))
    image = Image.open(png).convert("L")
    width, height = image.size
    edge = [image.getpixel((x, y)) for x in (0, 1, width - 2, width - 1) for y in range(height)]
    assert min(edge) > 200, "ink at the page's left or right edge: a line ran off the page"


def test_the_stored_report_is_kept_per_language():
    viewer = Viewer(frozenset({3, 7}))
    assert store.scope_key(UNSCOPED) == "all"  # English keeps the slot it always had
    assert store.scope_key(UNSCOPED, "fr") == "all|fr"
    assert store.scope_key(viewer, "de") == "teams:3,7|de"
    for scope in ("all", "all|fr", "teams:3,7|de", "teams:3,7"):
        key = store.scope_key(store.viewer_of_scope(scope), store.language_of_scope(scope))
        assert key == scope
    assert store.language_of_scope("all|xx") == "en"


def test_a_leader_downloads_the_report_in_french_beside_the_english(leader_client, org):
    """The download's language picker sends ``?lang=fr``: a French PDF, stored in a slot of its
    own, while the English download stays the English PDF at its old address."""
    from survey_app.models import CampaignStatus, ReportRender

    from . import factories

    company = factories.make_company(org, name="Acme Traders")
    campaign = factories.make_campaign(company, title="Q3 pulse", status=CampaignStatus.CLOSED)
    page = leader_client.get(f"/campaigns/{campaign.id}/dashboard").get_data(as_text=True)
    assert 'id="report-language"' in page
    assert '<option value="en" lang="en" selected>English</option>' in page
    assert '<option value="fr" lang="fr">Français</option>' in page

    french = leader_client.get(f"/campaigns/{campaign.id}/report.pdf?lang=fr")
    english = leader_client.get(f"/campaigns/{campaign.id}/report.pdf")
    assert french.mimetype == english.mimetype == "application/pdf"
    assert 'filename="acme-traders-q3-pulse-rapport.pdf"' in french.headers["Content-Disposition"]
    assert 'filename="acme-traders-q3-pulse-report.pdf"' in english.headers["Content-Disposition"]
    texts = {}
    for name, response in (("fr", french), ("en", english)):
        args = ["pdftotext", "-enc", "UTF-8", "-", "-"]
        done = subprocess.run(args, input=response.data, check=True, capture_output=True)
        texts[name] = " ".join(done.stdout.decode().split())
    assert "Pas encore assez de réponses" in texts["fr"]
    assert "Not enough responses yet" not in texts["fr"]
    assert "Not enough responses yet" in texts["en"]
    scopes = db.session.scalars(
        select(ReportRender.scope).where(ReportRender.subject_id == campaign.id)
    ).all()
    assert sorted(scopes) == ["all", "all|fr"]
    status = leader_client.get(f"/campaigns/{campaign.id}/report/status?lang=fr").get_json()
    assert status["state"] == "ready"


COMPANY_HEADINGS = {
    "fr": ["Le travail d’équipe dans le temps", "Indice de travail d’équipe et Risque culturel",
           "Mise en œuvre de chaque pratique dans le temps", "Prochaines étapes",
           "Non montré : moins de 5 réponses", "Méthodologie"],
    "de": ["Zusammenarbeit im Zeitverlauf", "Teamwork-Index und Kulturrisiko",
           "Umsetzung jeder Praxis im Zeitverlauf", "Nächste Schritte",
           "Nicht gezeigt: weniger als 5 Antworten", "Methodik"],
}  # fmt: skip
COMPANY_ENGLISH = ["Teamwork over time", "Teamwork Index and Culture Risk", "Survey waves",
                   "Execution of each practice over time", "What to do next", "Not shown",
                   "Report date", "The latest wave", "Methodology"]  # fmt: skip


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_company_report_is_in_the_language_with_the_english_reports_numbers(
    demo_app, spring, language, tmp_path
):
    found = {}
    for code in ("en", language):
        out = tmp_path / f"company-{code}.pdf"
        args = ["company-report", str(spring.company_id), "--lang", code, "-o", str(out)]
        result = demo_app.test_cli_runner().invoke(args=args)
        assert result.exit_code == 0, result.output
        found[code] = pdf_text(out)
    english, other = found["en"], found[language]
    for heading in COMPANY_HEADINGS[language]:
        assert heading in other, heading
    for phrase in COMPANY_ENGLISH:
        assert phrase in english, phrase
        assert phrase not in other, (language, phrase)
    # The same figures: each shown wave's row of the waves table, as the language writes it.
    for title in ("Autumn 2025 teamwork pulse", "Spring 2026 teamwork pulse"):
        campaign = db.session.scalar(select(Campaign).where(Campaign.title == title))
        results = campaign_results(campaign)
        card, enemies = results.overall.scorecard, results.overall.enemies
        for code, text in found.items():
            with demo_app.test_request_context(), rendering_in(code):
                row = f"{title} "
                cells = (results.overall.n, fmt.one(card.teamwork_index))
                row_end = f"{cells[0]} {cells[1]} {fmt.one(enemies.culture_risk_index)}"
            assert row in text
            assert row_end in text, (code, row_end)
