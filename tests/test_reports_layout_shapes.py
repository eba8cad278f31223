"""Every campaign shape (Scorecard only, Enemies only, both, every team hidden) has no
near-empty page in A4 or Letter; and the fill measure itself catches a near-empty page.

Apart from tests/test_reports_layout.py because these build their own database (the ``app``
fixture): on PostgreSQL one database serves both, and the demo fixture's open transaction there
would hold the tables this one drops.
"""

from __future__ import annotations

import pytest

from survey_app.reports.campaign import campaign_report
from survey_app.reports.document import render_pdf
from tests import factories
from tests.pdf_pages import MIN_FILL, near_empty_pages, page_fills
from tests.shapes import shaped_campaign

pytestmark = [pytest.mark.slow, pytest.mark.engine_independent]


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
