"""The page that waits for a PDF, and the one that says a report could not be made, are in the
language of the pages they are reached from; so is the stage the waiting page's script shows."""

from __future__ import annotations

from survey_app.extensions import db
from survey_app.models import CampaignStatus, Role
from tests import factories
from tests.conftest import login

from .test_reports_queue import queued_app  # noqa: F401 - the fixture: a real queue, no consumer
from .untranslated import untranslated, with_their_parts


def test_a_french_leader_waits_for_a_pdf_in_french(queued_app) -> None:  # noqa: F811
    org = factories.make_org("Acme Sales")
    leader = factories.make_user(org, Role.LEADER)
    leader.language = "fr"
    db.session.commit()
    company = factories.make_company(org, name="Acme Traders")
    campaign = factories.make_campaign(company, title="Q3 pulse", status=CampaignStatus.CLOSED)
    client = login(queued_app.test_client(), leader)

    page = client.get(f"/campaigns/{campaign.id}/report.pdf?paper=letter").get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "En attente du moteur de rapports" in page
    assert 'data-ready-text="Prêt\u00a0: le téléchargement commence."' in page
    assert "Waiting for the report renderer" not in page
    status = client.get(f"/campaigns/{campaign.id}/report/status?paper=letter").get_json()
    assert (status["state"], status["text"]) == ("queued", "En attente du moteur de rapports")


def test_the_waiting_and_unavailable_pages_have_no_english_written_into_them(app) -> None:
    names = ("reports/waiting.html", "reports/unavailable.html")
    found = {
        name: untranslated(app.jinja_env, name)
        for name in sorted(with_their_parts(app.jinja_env, names))
        if untranslated(app.jinja_env, name)
    }
    assert not found, found
