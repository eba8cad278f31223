"""Every page of every report is worth printing: rendered to PNG with pdftoppm, no page is
near-empty, in A4 and in Letter.

A page's *fill* is the height of what is drawn on it (from the first to the last row with ink
between the running header and the footer) as a share of the printable height. A page holding a
lone table row, a two-line footnote or a heading whose chart went to the next page has a fill of
a few per cent; a real page fills a quarter or more. Set ``REPORT_PAGES`` to a folder to keep the
PNGs, for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Campaign, CampaignStatus, Company, CompanyKind
from survey_app.reports.campaign import campaign_report
from survey_app.reports.company import company_report
from survey_app.reports.document import render_pdf
from tests import factories
from tests.shapes import shaped_campaign

pytestmark = pytest.mark.slow
MIN_FILL = 0.3  # of the printable height
DPI = 36
MARGIN_TOP, MARGIN_BOTTOM = 22 / 25.4, 20 / 25.4  # inches, as in report.css
KEEP = os.environ.get("REPORT_PAGES")


def page_fills(pdf: bytes, name: str, tmp: Path) -> list[float]:
    """The fill of each page after the cover, from the PNGs pdftoppm draws."""
    path = tmp / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", str(path), str(tmp / name)], check=True
    )
    pngs = sorted(tmp.glob(f"{name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    assert len(pngs) == len(PdfReader(BytesIO(pdf)).pages)
    if KEEP:
        Path(KEEP).mkdir(parents=True, exist_ok=True)
        for png in pngs:
            shutil.copy(png, KEEP)
    fills = []
    for png in pngs[1:]:  # the cover is a full-bleed design of its own
        image = Image.open(png).convert("L")
        width, height = image.size
        top, bottom = round(MARGIN_TOP * DPI), height - round(MARGIN_BOTTOM * DPI)
        body = image.crop((0, top, width, bottom)).point(lambda v: 255 if v < 235 else 0)
        box = body.getbbox()
        fills.append(0.0 if box is None else (box[3] - box[1]) / (bottom - top))
    return fills


def near_empty_pages(pdf: bytes, name: str, tmp: Path) -> list[str]:
    """ "name p.N (fill)" for every page under the minimum fill."""
    fills = page_fills(pdf, name, tmp)
    return [f"{name} p.{n + 2} ({f:.0%})" for n, f in enumerate(fills) if f < MIN_FILL]


def _campaigns() -> list[Campaign]:
    return list(
        db.session.scalars(
            select(Campaign).where(Campaign.status != CampaignStatus.DRAFT).order_by(Campaign.id)
        )
    )


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_demo_reports_have_no_near_empty_page(demo_app, paper, tmp_path):
    thin = []
    with demo_app.test_request_context():
        for campaign in _campaigns():
            pdf = render_pdf(campaign_report(campaign), paper)
            thin += near_empty_pages(pdf, f"campaign-{campaign.id}-{paper}", tmp_path)
        own = db.session.scalars(select(Company).where(Company.kind == CompanyKind.OWN))
        for company in own:
            pdf = render_pdf(company_report(company), paper)
            thin += near_empty_pages(pdf, f"company-{company.id}-{paper}", tmp_path)
    assert not thin, f"near-empty pages (under {MIN_FILL:.0%} drawn): {thin}"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_campaign_shape_has_no_near_empty_page(app, org, paper, tmp_path):
    thin = []
    for shape in ("scorecard-only", "enemies-only", "both", "hidden"):
        company = factories.make_company(org, name=f"{shape} {paper}", teams=("A", "B", "C"))
        if shape == "hidden":  # every team under k
            campaign = shaped_campaign(company, "both", per_team=(2, 2, 2))
        else:
            campaign = shaped_campaign(company, shape, per_team=(5, 5, 0))
        with app.test_request_context():
            pdf = render_pdf(campaign_report(campaign), paper)
        thin += near_empty_pages(pdf, f"{shape}-{paper}", tmp_path)
    assert not thin, f"near-empty pages (under {MIN_FILL:.0%} drawn): {thin}"


def test_the_fill_measure_sees_a_near_empty_page(tmp_path):
    """The measure itself: a page holding one line is caught, a full one is not."""
    from weasyprint import HTML

    css = "<style>@page { size: A4; margin: 22mm 18mm 20mm }</style>"
    one_line = f"{css}<p>Full page</p>{'<p>line</p>' * 40}<p style='break-before: page'>alone</p>"
    pdf = HTML(string=f"<p>cover</p><div style='break-before: page'>{one_line}</div>").write_pdf()
    fills = page_fills(pdf, "probe", tmp_path)
    assert fills[0] > 0.5
    assert fills[-1] < MIN_FILL


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_practice_table_is_whole_on_one_page(demo_app, paper):
    """ "The nine best practices" with every category's rows, on one page in either paper."""
    with demo_app.test_request_context():
        campaign = next(c for c in _campaigns() if c.status is CampaignStatus.CLOSED)
        content = campaign_report(campaign)
        reader = PdfReader(BytesIO(render_pdf(content, paper)))
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    on = [n for n, text in enumerate(pages) if "The nine best practices" in text]
    assert len(on) == 1
    table = pages[on[0]]
    for row in content.context["practices"]:
        assert row.text in table, row.text
        assert row.category.upper() in table.upper()
