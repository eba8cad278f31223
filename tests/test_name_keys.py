"""One name per company or prospect in an organisation, compared without case, accents,
spacing or invisible characters, on every create and edit page and in the database; and the
edit page never refuses to save a record the create page accepted."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from survey_app.extensions import db
from survey_app.models import Company, CompanyKind
from survey_app.names import fold_name, name_key, same_name
from tests import factories

SAME = [
    ("Zürich Bank", "ZURICH BANK"),
    ("Zürich Bank", "Zu\u0308rich   Bank"),  # a combining diaeresis, and spaces
    ("Zürich Bank", "Ｚürich Bank"),  # full-width Z
    ("Zürich Bank", "Zürich Bank\u200b"),  # a zero-width space
    ("Straße", "STRASSE"),
    ("Ñandú", "nandu"),
    ("Acme", "\u202eAcme"),  # a right-to-left override
]
DIFFERENT = [("Acme", "Acme Bank"), ("北京销售部", "上海销售部"), ("Ж", "Ш")]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_names_that_read_the_same_are_the_same(a, b):
    assert same_name(a, b)
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names_stay_different(a, b):
    assert not same_name(a, b)
    assert name_key(a) != name_key(b)


def test_a_key_has_a_fixed_width_whatever_the_name():
    long = "\ufdfa" * 200  # each one decomposes to 18 characters
    assert len(fold_name(long)) > 3000
    assert len(name_key(long)) == 64


def _text(page) -> str:
    """The page without its bidi isolation marks (names are shown in ``<bdi>``)."""
    return re.sub(r"</?bdi>", "", page.get_data(as_text=True))


def _count(org, name: str) -> int:
    return int(
        db.session.scalar(
            select(func.count(Company.id)).where(
                Company.organization_id == org.id, Company.name_key == name_key(name)
            )
        )
        or 0
    )


@pytest.mark.parametrize(("taken", "typed"), SAME)
def test_the_prospect_create_page_refuses_a_name_taken_by_a_company(
    rep_client, org, rep, taken, typed
):
    factories.make_company(org, taken)
    page = rep_client.post("/prospects/new", data={"name": typed, "owner": str(rep.id)})
    assert page.status_code == 200
    assert "already exists. Names are compared without case, accents or spacing" in (
        page.get_data(as_text=True)
    )
    assert _count(org, taken) == 1


def test_every_create_and_edit_page_uses_the_same_rule(leader_client, org, leader):
    factories.make_prospect(org, name="Ñandú Logistics")
    company = factories.make_company(org, "Globex")
    prospect = factories.make_prospect(org, name="Initech")
    message = "already exists. Names are compared"
    # The company create page, against a prospect.
    page = leader_client.post("/companies/new", data={"name": "NANDU logistics", "kind": "own"})
    assert "A prospect named “NANDU logistics” already exists." in _text(page)
    # The company edit page.
    data = factories.company_edit_form(company, name="ñandú  LOGISTICS")
    page = leader_client.post(f"/companies/{company.id}/edit", data=data)
    assert message in page.get_data(as_text=True)
    # The prospect edit page, against a company.
    owner = str(leader.id)
    page = leader_client.post(
        f"/prospects/{prospect.id}/edit", data={"name": "GLOBEX", "owner": owner}
    )
    assert message in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Company, prospect.id).name == "Initech"
    assert db.session.get(Company, company.id).name == "Globex"


def test_another_organisation_may_use_the_name(rep_client, rep, other_org):
    factories.make_company(other_org, "Umbrella")
    data = {"name": "umbrella", "owner": str(rep.id)}
    assert rep_client.post("/prospects/new", data=data).status_code == 302


def test_a_record_can_be_saved_under_its_own_name_recased(leader_client, rep_client, org, rep):
    prospect = factories.make_prospect(org, owner=rep, name="Acme Bank")
    page = rep_client.post(
        f"/prospects/{prospect.id}/edit",
        data={"name": "ACME bank", "owner": str(rep.id), "deal_size": "5"},
    )
    assert page.status_code == 302, page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Company, prospect.id).name == "ACME bank"
    # What the prospect page created, the company edit page saves too.
    data = factories.company_edit_form(db.session.get(Company, prospect.id), notes="from leader")
    assert leader_client.post(f"/companies/{prospect.id}/edit", data=data).status_code == 302


def test_the_database_refuses_a_second_record_of_the_same_name(org):
    """Whatever writes (a race the page check missed, a script): the unique index holds."""
    factories.make_company(org, "Zürich Bank")
    db.session.add(Company(organization=org, name="ZURICH bank", kind=CompanyKind.PROSPECT))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_save_that_loses_the_race_for_a_name_gets_the_field_message(
    rep_client, org, rep, monkeypatch
):
    """Two saves at the same moment both pass the check; the database refuses the second,
    and its page says so on the name field instead of failing."""
    from survey_app.companies import naming

    factories.make_company(org, "Hooli")
    monkeypatch.setattr(naming, "name_holder", lambda name, record=None: None)
    page = rep_client.post("/prospects/new", data={"name": "HOOLI", "owner": str(rep.id)})
    assert page.status_code == 200
    assert "A company named “HOOLI” already exists." in _text(page)
    assert _count(org, "Hooli") == 1


def test_records_stored_before_the_rule_with_one_name_can_still_be_edited(leader_client, org, rep):
    """Two prospects the old pages let share a name (the migration gives the later one a key
    of its own): each still saves under its name; renaming one to the other's is refused."""
    first = factories.make_prospect(org, owner=rep, name="Twin Corp")
    second = factories.make_prospect(org, owner=rep, name="Other Corp")
    second.name_key = "legacy-duplicate-key"
    db.session.commit()
    db.session.execute(
        Company.__table__.update().where(Company.id == second.id).values(name="twin corp")
    )
    db.session.commit()
    db.session.expire_all()
    data = {"name": "twin corp", "owner": str(rep.id), "notes": "still mine"}
    assert leader_client.post(f"/prospects/{second.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Company, second.id).notes == "still mine"
    data = factories.company_edit_form(db.session.get(Company, first.id), notes="first")
    assert leader_client.post(f"/companies/{first.id}/edit", data=data).status_code == 302
