"""A company's kind changes only when the leader has seen what changes and confirmed it, once it
has campaigns (or, as a prospect, assessments); a forged form without the confirmation changes
nothing."""

from __future__ import annotations

import pytest
from flask_login import login_user

from survey_app.companies.kind_change import KindChangeUnconfirmed, kind_change
from survey_app.companies.services import CompanyInput, update_company
from survey_app.extensions import db
from survey_app.models import CampaignStatus, Company, CompanyKind
from tests import factories


def _kind(company_id: int) -> CompanyKind:
    db.session.expire_all()
    return db.session.get(Company, company_id).kind


def test_changing_the_kind_of_a_company_with_campaigns_asks_and_says_what_changes(
    leader_client, org
):
    company = factories.make_company(org, "Acme", teams=("Sales",))
    factories.make_campaign(company)
    factories.make_campaign(company)
    url = f"/companies/{company.id}/edit"
    data = factories.company_edit_form(company, kind="prospect", notes="new notes")

    page = leader_client.post(url, data=data)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "from “Our own company” to “Prospect”? Nothing was saved yet." in body
    assert "Its 2 campaigns that have opened, their responses and results stay" in body
    assert "Prospect comparisons stop using its campaigns" in body
    assert "It joins the prospect pipeline" in body
    assert 'name="kind_confirmed" value="prospect"' in body
    assert "new notes</textarea>" in body  # what was typed is kept
    assert _kind(company.id) == CompanyKind.OWN
    assert db.session.get(Company, company.id).notes == ""

    confirmed = leader_client.post(url, data=data | {"kind_confirmed": "prospect"})
    assert confirmed.status_code == 302
    assert _kind(company.id) == CompanyKind.PROSPECT
    assert db.session.get(Company, company.id).notes == "new notes"


def test_a_confirmation_for_another_kind_does_not_count(leader_client, org):
    company = factories.make_company(org, "Acme")
    factories.make_campaign(company)
    data = factories.company_edit_form(company, kind="customer", kind_confirmed="prospect")
    body = leader_client.post(f"/companies/{company.id}/edit", data=data).get_data(as_text=True)
    assert "to “Customer”?" in body
    assert _kind(company.id) == CompanyKind.OWN


def test_the_service_refuses_an_unconfirmed_change_whatever_the_page(org, leader, app):
    company = factories.make_company(org, "Acme")
    factories.make_campaign(company)
    data = CompanyInput(name="Acme", kind=CompanyKind.CUSTOMER)
    with app.test_request_context():
        login_user(leader)
        with pytest.raises(KindChangeUnconfirmed):
            update_company(company, data, [], [])
    db.session.rollback()
    assert _kind(company.id) == CompanyKind.OWN


def test_no_confirmation_without_opened_campaigns_or_for_the_same_kind(leader_client, org):
    company = factories.make_company(org, "Fresh")
    factories.make_campaign(company, status=CampaignStatus.DRAFT)  # no answers to re-read
    url = f"/companies/{company.id}/edit"
    assert leader_client.post(url, data=factories.company_edit_form(company)).status_code == 302
    data = factories.company_edit_form(company, kind="customer")
    assert leader_client.post(url, data=data).status_code == 302
    assert _kind(company.id) == CompanyKind.CUSTOMER


def test_a_prospect_with_assessments_asks_before_leaving_the_pipeline(org, rep, app):
    prospect = factories.make_prospect(org, owner=rep)
    factories.make_assessment(prospect, rep)
    factories.make_assessment(prospect, rep)
    change = kind_change(prospect, CompanyKind.CUSTOMER)
    assert change is not None
    assert any("its 2 observer assessments are kept but not shown" in e for e in change.effects)
    assert kind_change(factories.make_prospect(org), CompanyKind.CUSTOMER) is None


def test_pressing_enter_on_the_confirmation_page_does_not_confirm(leader_client, org):
    """The first submit button of the page is a plain save, never the confirmation."""
    company = factories.make_company(org, "Acme")
    factories.make_campaign(company)
    data = factories.company_edit_form(company, kind="customer")
    body = leader_client.post(f"/companies/{company.id}/edit", data=data).get_data(as_text=True)
    form = body[body.index("<form") :]
    first = form[form.index("<button") : form.index("</button>")]
    assert "kind_confirmed" not in first
