"""The download routes: who may download which report, and how the PDF is served."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from survey_app.models import CampaignStatus

from . import factories


@pytest.fixture
def campaign(org):
    company = factories.make_company(org, name="Acme Traders")
    return factories.make_campaign(company, title="Q3 pulse", status=CampaignStatus.CLOSED)


@pytest.fixture
def foreign_campaign(other_org):
    return factories.make_campaign(factories.make_company(other_org))


def _urls(campaign):
    return [f"/campaigns/{campaign.id}/report.pdf", f"/companies/{campaign.company_id}/report.pdf"]


def test_a_rep_may_not_download_reports(rep_client, campaign):
    for url in _urls(campaign):
        assert rep_client.get(url).status_code == 403


def test_another_organisations_report_is_not_found(leader_client, foreign_campaign):
    for url in _urls(foreign_campaign):
        assert leader_client.get(url).status_code == 404
    assert leader_client.get("/campaigns/999999/report.pdf").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, campaign):
    response = client.get(_urls(campaign)[0])
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


@pytest.mark.slow
@pytest.mark.parametrize(("query", "size"), [("", (595, 842)), ("?paper=letter", (612, 792))])
def test_a_leader_downloads_the_campaign_pdf(leader_client, campaign, query, size, tmp_path):
    # Under k responses: the short report, so no chart needs to be drawn.
    response = leader_client.get(f"/campaigns/{campaign.id}/report.pdf{query}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="acme-traders-q3-pulse-report.pdf"'
    )
    path = tmp_path / "r.pdf"
    path.write_bytes(response.data)
    reader = PdfReader(path)
    assert "Not enough responses yet" in reader.pages[1].extract_text()
    box = reader.pages[0].mediabox.upper_right
    assert (round(float(box[0])), round(float(box[1]))) == size


@pytest.mark.slow
def test_an_admin_downloads_the_company_pdf(admin_client, campaign, tmp_path):
    response = admin_client.get(f"/companies/{campaign.company_id}/report.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('-teamwork-trends.pdf"')
    path = tmp_path / "c.pdf"
    path.write_bytes(response.data)
    assert "No wave can be shown yet" in " ".join(PdfReader(path).pages[1].extract_text().split())


def test_a_failed_report_says_why_instead_of_a_500(leader_client, campaign, monkeypatch):
    from survey_app.reports import ReportError, document

    def fail(html, timeout):
        raise ReportError("The PDF took longer than 60 s to lay out and was stopped.")

    monkeypatch.setattr(document, "html_to_pdf", fail)
    response = leader_client.get(f"/campaigns/{campaign.id}/report.pdf")
    assert response.status_code == 503
    assert "took longer than 60 s" in response.get_data(as_text=True)
