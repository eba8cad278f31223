"""A NUL character typed into a field: the form again, with that field's error and everything
else as typed, status 400, and nothing stored (``survey_app/nul_fields.py``).

It used to be a bare 400 page, and whatever the person had typed was lost. A NUL anywhere a
person cannot have typed it (the address, a field's name, a file's name, a field no form has,
the survey's answers) still gets that page.
"""

from __future__ import annotations

from datetime import date
from html import escape

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey_app.extensions import db
from survey_app.models import Organization, Role
from survey_app.nul_fields import NUL_FIELD_MESSAGE

from . import factories
from .conftest import login
from .security.snapshot import changed_tables, snapshot

BARE_PAGE = "Go back, type or paste the text again without it"


def _forms(org: Organization) -> list[tuple[str, dict[str, str], str]]:
    """(url, what was typed, the field that holds the NUL) for forms of every kind."""
    company = factories.make_company(org, "Acme", teams=("Sales",))
    draft = factories.make_campaign(company)
    prospect = factories.make_prospect(org)
    owner = str(factories.make_user(org, Role.REP).id)
    typed_company = {"name": "Nord\x00wind Ltd", "kind": "own", "industry": "Shipping ÅÄÖ"}
    return [
        ("/companies/new", {**typed_company, "teams": "Sales\nSupport"}, "name"),
        ("/companies/new", {"name": "Nordwind", "kind": "own", "notes": "line\x00one"}, "notes"),
        (
            f"/companies/{company.id}/edit",
            factories.company_edit_form(company, industry="Ret\x00ail"),
            "industry",
        ),
        (
            "/campaigns/new",
            {"company_id": str(company.id), "title": "Spring\x00 wave", "min_group_size": "7"},
            "title",
        ),
        (
            f"/campaigns/{draft.id}/invite/emails",
            {"emails-emails": "ann@example.com\nbob\x00@example.com"},
            "emails-emails",
        ),
        (
            "/prospects/new",
            {"name": "Litware", "owner": owner, "notes": "Met the\x00 CFO", "deal_size": "9000"},
            "notes",
        ),
        (
            f"/prospects/{prospect.id}/assess",
            {
                "observed_on": date.today().isoformat(),
                "source": "meeting",
                "confidence": "high",
                "summary": "Blame\x00 everywhere",
                "enemy_no_trust": "y",
                "evidence_no_trust": "They said so",
            },
            "summary",
        ),
        ("/self-check/", {"note": "Listen\x00 more", "enemy_cynicism": "y"}, "note"),
    ]


def test_a_typed_nul_shows_the_form_again_with_everything_kept(
    app: Flask, leader_client: FlaskClient, org: Organization
) -> None:
    for url, typed, held in _forms(org):
        before = snapshot()
        response = leader_client.post(url, data=typed)
        page = response.get_data(as_text=True)
        assert response.status_code == 400, url
        assert BARE_PAGE not in page, url  # not the bare page: the form
        assert NUL_FIELD_MESSAGE in page, url
        assert "\x00" not in page, url
        for name, value in typed.items():
            shown = escape(value.replace("\x00", ""), quote=False)
            if value not in ("y", "own", "meeting", "high") and name != "owner":
                assert shown in page or escape(shown) in page, (url, name, value)
        error = page[page.index(NUL_FIELD_MESSAGE) - 400 : page.index(NUL_FIELD_MESSAGE)]
        assert "-error" in error or "alert" in error, (url, held)
        assert changed_tables(before, snapshot()) == [], url


def test_the_author_of_a_typed_nul_can_send_the_form_again(
    leader_client: FlaskClient, org: Organization
) -> None:
    typed = {"name": "Nord\x00wind", "kind": "own", "teams": "Sales"}
    assert leader_client.post("/companies/new", data=typed).status_code == 400
    again = leader_client.post("/companies/new", data={**typed, "name": "Nordwind"})
    assert again.status_code == 302


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/companies/new", {"name": "Acme", "kind": "own", "no_such_field": "x\x00"}),
        ("/companies/new", {"name": "Acme", "kind": "own", "teams\x00": "Sales"}),
        ("/companies/?q=%00", None),
    ],
)
def test_a_nul_nobody_typed_gets_the_bare_page(
    leader_client: FlaskClient, url: str, data: dict[str, str] | None
) -> None:
    before = snapshot()
    response = leader_client.get(url) if data is None else leader_client.post(url, data=data)
    assert response.status_code == 400
    assert BARE_PAGE in response.get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []
    assert response.headers["Content-Security-Policy"]  # the replaced page keeps the headers


def test_a_view_that_writes_anyway_stores_nothing(app: Flask, org: Organization) -> None:
    """The write guard: while a request holding a NUL runs, the engine refuses any write."""

    @app.post("/_test/writes-raw")
    def writes_raw() -> str:
        from flask import request

        org.name = request.form["name"]  # no form: the cleaned value, stored without a check
        db.session.commit()
        return "stored"

    client = login(app.test_client(), factories.make_user(org, Role.LEADER))
    before = snapshot()
    response = client.post("/_test/writes-raw", data={"name": "Evil\x00 Corp"})
    assert response.status_code == 400
    assert BARE_PAGE in response.get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []
