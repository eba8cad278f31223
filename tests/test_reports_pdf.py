"""The demo campaign's report, rendered once through the CLI and read back as a user would."""

from __future__ import annotations

import re
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Campaign, CampaignStatus, Company
from survey_app.reports import formatting as fmt
from survey_app.results.campaign import campaign_results
from survey_app.scoring import Quadrant

pytestmark = [pytest.mark.slow, pytest.mark.engine_independent]


def _text(reader: PdfReader, page: int | None = None) -> str:
    pages = reader.pages if page is None else [reader.pages[page]]
    return " ".join(" ".join(p.extract_text().split()) for p in pages)


def _page_with(reader: PdfReader, heading: str) -> int:
    return next(i for i, p in enumerate(reader.pages) if heading in p.extract_text())


def _campaign(title: str) -> Campaign:
    return db.session.scalar(select(Campaign).where(Campaign.title == title))


@pytest.fixture(scope="module")
def spring(demo_app) -> Campaign:
    return _campaign("Spring 2026 teamwork pulse")


def _cli(app, tmp_path_factory, *args: str):
    out = tmp_path_factory.mktemp("out") / "report.pdf"
    result = app.test_cli_runner().invoke(args=[*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output
    return out


@pytest.fixture(scope="module")
def demo_pdf(demo_app, spring, tmp_path_factory):
    path = _cli(demo_app, tmp_path_factory, "report", str(spring.id))
    return path, PdfReader(path)


def test_headline_numbers_are_the_dashboards(demo_pdf, spring):
    _, reader = demo_pdf
    results = campaign_results(spring)
    card, enemies = results.overall.scorecard, results.overall.enemies
    summary = _text(reader, _page_with(reader, "Executive summary"))
    assert f"TEAMWORK INDEX {fmt.one(card.teamwork_index)} / 100" in summary
    assert f"CULTURE RISK {fmt.one(enemies.culture_risk_index)} / 100" in summary
    assert f"The band is {results.risk_band.label}: {results.risk_band.because}." in summary
    assert f"RESPONSES {results.responses}" in summary


def test_every_practice_row_holds_its_numbers_and_the_seed_wording(demo_pdf, spring):
    _, reader = demo_pdf
    results = campaign_results(spring)
    table = _text(reader, _page_with(reader, "The nine best practices"))
    for practice in results.overall.scorecard.practices:
        wording = results.scorecard.item(practice.key).text
        numbers = " ".join(
            [fmt.pct(practice.importance_pct), fmt.pct(practice.execution_pct),
             fmt.signed(practice.gap), fmt.pct(practice.top_box_pct)]
        )  # fmt: skip
        assert f"{wording} {numbers}" in table


def test_summary_names_the_top_priorities_enemies_and_actions(demo_pdf, spring):
    _, reader = demo_pdf
    results = campaign_results(spring)
    summary = _text(reader)
    card = results.overall.scorecard
    top = [p for p in card.priorities if card.ipa.quadrant_of(p.key) is Quadrant.CONCENTRATE_HERE]
    for p in top[:3]:
        assert results.scorecard.item(p.key).text in summary
    first_enemy = results.overall.enemies.prevalences[0]
    assert results.enemies_instrument.item(first_enemy.key).text in summary
    assert " ".join(results.recommendations[0].action.split()) in summary


def test_the_small_team_shows_its_reason_and_no_number(demo_pdf):
    _, reader = demo_pdf
    text = _text(reader)
    assert "Sales Engineering Not shown: fewer than 5 responses" in text
    assert "n = 3" not in text
    for page in reader.pages:
        lines = page.extract_text().splitlines()
        for i, line in enumerate(lines):
            if "Engineering" in line:
                after = " ".join(lines[i : i + 2])
                assert "hidden" in after or "Not shown" in after, after
                assert not re.search(r"\d", line.replace("fewer than 5", "")), line


def test_change_since_the_previous_wave_and_methodology(demo_pdf):
    _, reader = demo_pdf
    text = _text(reader)
    assert "Change since the previous wave" in text
    assert "Compared with Autumn 2025 teamwork pulse" in text
    for heading in ("Scales", "Importance-Performance Analysis", "Anonymity", "Bands"):
        assert heading in text
    assert "fewer than 5 responses" in text


def test_running_header_and_page_numbers(demo_pdf):
    _, reader = demo_pdf
    n = len(reader.pages)
    last = reader.pages[-1].extract_text()
    assert f"Page {n} of {n}" in last
    assert "Northwind Traders · Spring 2026 teamwork pulse" in last
    assert reader.attachments == {}
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points


def _ink(png, box) -> float:
    image = Image.open(png).convert("L")
    w, h = image.size
    crop = image.crop((int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)))
    histogram = crop.histogram()  # 256 grey levels
    return sum(histogram[:250]) / sum(histogram)


@pytest.mark.parametrize(
    "heading",
    ["Best practices: importance and execution", "How often each practice happens",
     "Enemies of teamwork", "Teams side by side"],
)  # fmt: skip
def test_chart_pages_have_a_drawn_chart(demo_pdf, heading, tmp_path):
    path, reader = demo_pdf
    page = _page_with(reader, heading) + 1
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", str(page), "-l", str(page), str(path),
         str(tmp_path / "p")],
        check=True,
    )  # fmt: skip
    (png,) = tmp_path.glob("p*.png")
    # Below the heading and its lead paragraph, the chart's marks and labels cover the area.
    assert _ink(png, (0.1, 0.3, 0.9, 0.6)) > 0.05


def test_company_report_shows_the_trend(demo_app, tmp_path_factory):
    company = db.session.scalar(select(Company).where(Company.name == "Northwind Traders"))
    reader = PdfReader(_cli(demo_app, tmp_path_factory, "company-report", str(company.id)))
    text = _text(reader)
    assert "Teamwork over time" in text
    for title in ("Autumn 2025 teamwork pulse", "Spring 2026 teamwork pulse"):
        results = campaign_results(_campaign(title))
        card, enemies = results.overall.scorecard, results.overall.enemies
        assert title in text
        row = f"{results.responses} {fmt.one(card.teamwork_index)} "
        row += f"{fmt.one(enemies.culture_risk_index)} {results.risk_band.label}"
        assert row in text
    assert "Autumn 2026 teamwork pulse" in text  # the open wave, under k: listed, not shown
    assert "Not shown: fewer than 5 responses" in text


def test_a_campaign_under_k_gets_a_short_report_without_numbers(demo_app, tmp_path_factory):
    current = _campaign("Autumn 2026 teamwork pulse")
    assert current.status is CampaignStatus.OPEN
    path = _cli(demo_app, tmp_path_factory, "report", str(current.id), "--paper", "letter")
    reader = PdfReader(path)
    text = _text(reader)
    assert "Not enough responses yet" in text
    assert "/ 100" not in text
    before_methodology = _text(reader, 1)
    assert "fewer than 5 responses" in before_methodology
    assert not re.search(r"\d+%|\d+ / \d+|n = ", before_methodology)
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (612, 792)  # Letter


def test_cli_names_a_missing_campaign(demo_app, tmp_path):
    result = demo_app.test_cli_runner().invoke(
        args=["report", "99999", "-o", str(tmp_path / "x.pdf")]
    )
    assert result.exit_code != 0
    assert "No campaign with id 99999" in result.output
