"""Every page of every report is worth printing: rendered to PNG with pdftoppm, no page is
near-empty, in A4 and in Letter.

The measure is in tests/pdf_pages.py: a page whose drawn content covers less than a third of
the printable height fails, and ``REPORT_PAGES`` keeps the PNGs for a person to look at.
"""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Campaign, CampaignStatus, Company, CompanyKind
from survey_app.reports.campaign import campaign_report
from survey_app.reports.company import company_report
from survey_app.reports.document import render_pdf
from tests.pdf_pages import MIN_FILL, near_empty_pages

pytestmark = [pytest.mark.slow, pytest.mark.engine_independent]


def _campaigns() -> list[Campaign]:
    return list(
        db.session.scalars(
            select(Campaign).where(Campaign.status != CampaignStatus.DRAFT).order_by(Campaign.id)
        )
    )


# English in both papers; two translations, each in one paper: a longer language once ended
# the methodology on a page of its own holding only the source line.
@pytest.mark.parametrize(
    ("language", "paper"), [("en", "a4"), ("en", "letter"), ("fr", "a4"), ("de", "letter")]
)
def test_demo_reports_have_no_near_empty_page(demo_app, language, paper, tmp_path):
    thin = []
    with demo_app.test_request_context():
        for campaign in _campaigns():
            pdf = render_pdf(campaign_report(campaign, language=language), paper)
            thin += near_empty_pages(pdf, f"campaign-{campaign.id}-{language}-{paper}", tmp_path)
        own = db.session.scalars(select(Company).where(Company.kind == CompanyKind.OWN))
        for company in own:
            pdf = render_pdf(company_report(company, language=language), paper)
            thin += near_empty_pages(pdf, f"company-{company.id}-{language}-{paper}", tmp_path)
    assert not thin, f"near-empty pages (under {MIN_FILL:.0%} drawn): {thin}"


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
