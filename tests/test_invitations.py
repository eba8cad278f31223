"""Inviting people: pasted emails, CSV import with its row report, anonymous and open links."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import unquote

from sqlalchemy import select

from survey_app.models import (
    CampaignStatus,
    Invitation,
    InvitationKind,
    InvitationStatus,
    token_digest,
)
from tests import factories
from tests.pages import without_bdi


def _invitations(db, campaign) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation).where(Invitation.campaign_id == campaign.id).order_by(Invitation.id)
        )
    )


def _csv_download(page: str) -> list[list[str]]:
    """The rows of the CSV that the page offers as a ``data:`` download."""
    match = re.search(r'download="[^"]+\.csv" href="data:text/csv;charset=utf-8,([^"]*)"', page)
    assert match, "the page offers no CSV download"
    return list(csv.reader(io.StringIO(unquote(match.group(1)).lstrip("\ufeff"))))


def _upload(client, campaign, content: bytes, filename: str = "people.csv"):
    return client.post(
        f"/campaigns/{campaign.id}/invite/csv",
        data={"csv-file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def test_invite_page_renders_every_form(leader_client, org):
    campaign = factories.make_campaign(factories.make_company(org, teams=("Alpha",)))
    page = leader_client.get(f"/campaigns/{campaign.id}/invite").get_data(as_text=True)
    assert "Paste email addresses" in page
    assert "Upload a CSV file" in page
    assert "Anonymous single-use links" in page
    assert "Turn on the open link" in page
    assert 'value="">No team: each person picks theirs</option>' in page
    assert page.count(">Alpha</option>") == 2  # the paste form and the links form
    assert "Mail is not set up on this server" in page


def test_paste_emails_creates_invitations_and_lists_links(leader_client, db, org):
    company = factories.make_company(org, teams=("Alpha", "Beta"))
    campaign = factories.make_campaign(company)
    beta = company.teams[1]
    text = "ann@example.com, Bob@Example.com; Carol Lee <carol@example.com>\n\nann@example.com\n"

    response = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails",
        data={"emails-emails": text, "emails-team_id": str(beta.id)},
    )

    # Mail is off: the response itself shows the new links, the only time they can be seen.
    assert response.status_code == 200
    invitations = _invitations(db, campaign)
    assert [i.email for i in invitations] == [
        "ann@example.com",
        "bob@example.com",
        "carol@example.com",
    ]
    assert all(i.kind == InvitationKind.EMAIL and i.team_id == beta.id for i in invitations)
    assert not any(i.emailed for i in invitations)

    page = response.get_data(as_text=True)
    assert "3 people invited." in page
    assert "These links are shown only now." in page
    tokens = factories.tokens_in(page)
    assert [token_digest(t) for t in tokens] == [i.token_hash for i in invitations]
    for token in tokens:
        assert f'value="http://localhost/s/{token}"' in page
    assert 'data-copy-target="link-' in page
    assert "Download these links as CSV" in page
    assert _csv_download(page)[1:] == [
        ["email", i.email, "Beta", f"http://localhost/s/{t}"]
        for i, t in zip(invitations, tokens, strict=True)
    ]
    # Shown once: no later page holds a link.
    later = leader_client.get(f"/campaigns/{campaign.id}/links").get_data(as_text=True)
    assert factories.tokens_in(later) == []


def test_paste_uses_public_base_url(app, leader_client, db, org):
    app.config["PUBLIC_BASE_URL"] = "https://survey.example.com/"
    campaign = factories.make_campaign(factories.make_company(org))
    page = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails", data={"emails-emails": "ann@example.com"}
    ).get_data(as_text=True)
    (invitation,) = _invitations(db, campaign)
    (token,) = factories.tokens_in(page)
    assert token_digest(token) == invitation.token_hash
    assert f"https://survey.example.com/s/{token}" in page


def test_paste_with_invalid_address_stores_nothing_and_keeps_input(leader_client, db, org):
    campaign = factories.make_campaign(factories.make_company(org))
    text = "ann@example.com\nnot-an-email\nbob@"
    response = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails", data={"emails-emails": text}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "These are not valid email addresses: “not-an-email”, “bob@”" in without_bdi(page)
    assert "ann@example.com\nnot-an-email\nbob@</textarea>" in page
    assert _invitations(db, campaign) == []


def test_paste_skips_people_already_invited(leader_client, db, org):
    campaign = factories.make_campaign(factories.make_company(org))
    factories.make_invitation(campaign, "ann@example.com")
    response = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails",
        data={"emails-emails": "ANN@example.com\ndan@example.com"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "1 person invited." in page
    assert "1 already invited, left as they were: ann@example.com" in page
    assert [i.email for i in _invitations(db, campaign)] == ["ann@example.com", "dan@example.com"]


def test_paste_with_a_team_of_another_company_is_refused(leader_client, db, org, other_org):
    campaign = factories.make_campaign(factories.make_company(org))
    foreign = factories.make_company(other_org)
    page = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails",
        data={"emails-emails": "ann@example.com", "emails-team_id": str(foreign.teams[0].id)},
    ).get_data(as_text=True)
    assert "Choose one of the campaign&#39;s teams." in page
    assert _invitations(db, campaign) == []


def test_closed_campaign_refuses_invitations(leader_client, db, org):
    campaign = factories.make_campaign(factories.make_company(org), status=CampaignStatus.CLOSED)
    page = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails", data={"emails-emails": "ann@example.com"}
    ).get_data(as_text=True)
    assert "This campaign is closed. Reopen it before inviting more people." in page
    assert _invitations(db, campaign) == []


def test_csv_import_reports_each_rejected_row(leader_client, db, org):
    company = factories.make_company(org, teams=("Sales", "Support"))
    campaign = factories.make_campaign(company)
    factories.make_invitation(campaign, "old@example.com")
    content = (
        b"email,team\n"  # 1: header
        b"ann@example.com,sales\n"  # 2: ok, team matched case-insensitively
        b"bob@example.com,\n"  # 3: ok, no team
        b"not-an-email,Sales\n"  # 4: invalid email
        b"ANN@example.com,Support\n"  # 5: duplicate of line 2
        b"old@example.com,Sales\n"  # 6: already invited
        b"cat@example.com,Marketing\n"  # 7: unknown team
        b"dan@example.com,Sales,extra\n"  # 8: wrong number of columns
        b"\n"  # 9: empty row
        b"eve@example.com;Support\n"  # 10: one cell, so not an email
        b"fay@example.com,Support\n"  # 11: ok
        b"\n\n"  # trailing blank lines are not reported
    )

    response = _upload(leader_client, campaign, content)
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "3 people invited; 7 rows rejected." in page
    rejected = re.findall(r"<tr><td>(\d+)</td><td><code>(.*?)</code></td><td>(.*?)</td></tr>", page)
    assert [(int(line), without_bdi(reason)) for line, _, reason in rejected] == [
        (4, "“not-an-email” is not a valid email address."),
        (5, "Duplicate of line 2 in this file."),
        (6, "Already invited to this campaign."),
        (7, "Unknown team “Marketing” (teams: Sales, Support)."),
        (8, "Expected 2 columns (email, team) but found 3."),
        (9, "Empty row."),
        (10, "“eve@example.com;Support” is not a valid email address."),
    ]
    stored = {(i.email, i.team.name if i.team else None) for i in _invitations(db, campaign)}
    assert stored == {
        ("old@example.com", None),
        ("ann@example.com", "Sales"),
        ("bob@example.com", None),
        ("fay@example.com", "Support"),
    }


def test_csv_without_header_semicolons_and_bom(leader_client, db, org):
    campaign = factories.make_campaign(factories.make_company(org, teams=("Sales",)))
    content = "\ufeffann@example.com;Sales\r\nbob@example.com;sales\r\n".encode()
    page = _upload(leader_client, campaign, content).get_data(as_text=True)
    assert "2 people invited; 0 rows rejected." in page
    assert len(_invitations(db, campaign)) == 2


def test_csv_team_on_campaign_without_teams(leader_client, db, org):
    campaign = factories.make_campaign(factories.make_company(org), with_teams=False)
    page = _upload(leader_client, campaign, b"ann@example.com,Sales\nbob@example.com\n")
    text = page.get_data(as_text=True)
    assert "Unknown team “Sales” (teams: this campaign has no teams)." in without_bdi(text)
    assert [i.email for i in _invitations(db, campaign)] == ["bob@example.com"]


def test_unreadable_files_get_a_clear_error(leader_client, db, org):
    campaign = factories.make_campaign(factories.make_company(org))
    cases = [
        ("ann@example.com,Équipe\n".encode("latin-1"), "The file is not UTF-8 text"),
        (b"PK\x03\x04\x14\x00\x06\x00", "This looks like an Excel workbook"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "This is not a CSV text file"),
        (b"", "The file is empty."),
        (b'"ann@example.com,Sales\n' + b"x" * 200_000, "could not be read as CSV"),
    ]
    for content, message in cases:
        response = _upload(leader_client, campaign, content)
        assert response.status_code == 200
        assert message in response.get_data(as_text=True), message
    missing = leader_client.post(f"/campaigns/{campaign.id}/invite/csv", data={})
    assert "Choose a CSV file to upload." in missing.get_data(as_text=True)
    assert _invitations(db, campaign) == []


def test_anonymous_links(leader_client, db, org):
    company = factories.make_company(org, teams=("Alpha",))
    campaign = factories.make_campaign(company)
    response = leader_client.post(
        f"/campaigns/{campaign.id}/invite/links",
        data={"links-count": "3", "links-team_id": str(company.teams[0].id)},
    )
    assert response.status_code == 200
    invitations = _invitations(db, campaign)
    assert len(invitations) == 3
    assert {i.kind for i in invitations} == {InvitationKind.LINK}
    assert {i.team_id for i in invitations} == {company.teams[0].id}
    assert {i.email for i in invitations} == {None}
    page = response.get_data(as_text=True)
    tokens = factories.tokens_in(page)
    assert len(set(tokens)) == 3
    assert [token_digest(t) for t in tokens] == [i.token_hash for i in invitations]
    assert "3 anonymous links created, each for one use." in page
    assert page.count("anonymous link</span>") == 3


def test_anonymous_links_straight_to_a_csv_file(leader_client, db, org):
    company = factories.make_company(org, teams=("=cmd()",))
    campaign = factories.make_campaign(company)
    response = leader_client.post(
        f"/campaigns/{campaign.id}/invite/links",
        data={"links-count": "2", "links-team_id": str(company.teams[0].id), "download": "csv"},
    )
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["kind", "email", "team", "link"]
    invitations = _invitations(db, campaign)
    assert [row[:3] for row in rows[1:]] == [["link", "", "'=cmd()"]] * 2  # no formula
    tokens = [row[3].rsplit("/", 1)[1] for row in rows[1:]]
    assert [token_digest(t) for t in tokens] == [i.token_hash for i in invitations]


def test_anonymous_links_count_is_checked(leader_client, db, org):
    campaign = factories.make_campaign(factories.make_company(org))
    for count in ("0", "501", "many"):
        response = leader_client.post(
            f"/campaigns/{campaign.id}/invite/links", data={"links-count": count}
        )
        page = response.get_data(as_text=True)
        assert "Enter a number from 1 to 500." in page
        assert f'value="{count}"' in page
    assert _invitations(db, campaign) == []


def test_open_link_enable_with_cap_change_and_disable(leader_client, db, org):
    campaign = factories.make_campaign(factories.make_company(org))
    url = f"/campaigns/{campaign.id}/open-link"

    assert leader_client.post(url, data={"open-cap": "25"}).status_code == 302
    db.session.expire_all()
    token = campaign.open_link_token
    assert token is not None
    assert len(token) >= 32
    assert campaign.open_link_cap == 25
    page = leader_client.get(f"/campaigns/{campaign.id}/invite").get_data(as_text=True)
    assert f'value="http://localhost/s/{token}"' in page
    assert "0 responses through it, out of at most 25." in page

    leader_client.post(url, data={"open-cap": ""})  # no cap; same link
    db.session.expire_all()
    assert campaign.open_link_token == token
    assert campaign.open_link_cap is None

    bad = leader_client.post(url, data={"open-cap": "0"}).get_data(as_text=True)
    assert "Enter a number from 1 to 100,000." in bad

    leader_client.post(url, data={"disable": "1"})
    db.session.expire_all()
    assert campaign.open_link_token is None
    leader_client.post(url, data={"open-cap": "5"})
    db.session.expire_all()
    assert campaign.open_link_token not in (None, token)


def test_links_page_shows_counts_and_the_download_guards_cells(leader_client, db, org):
    company = factories.make_company(org, teams=("=cmd()",))
    campaign = factories.make_campaign(company)
    page = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails",
        data={"emails-emails": "ann@example.com", "emails-team_id": str(company.teams[0].id)},
    ).get_data(as_text=True)
    (ann,) = factories.tokens_in(page)
    assert _csv_download(page) == [
        ["kind", "email", "team", "link"],
        ["email", "ann@example.com", "'=cmd()", f"http://localhost/s/{ann}"],
    ]
    link = factories.make_invitation(campaign, kind=InvitationKind.LINK)
    used = factories.make_invitation(campaign, "used@example.com")
    used.status = InvitationStatus.COMPLETED
    db.session.commit()

    page = leader_client.get(f"/campaigns/{campaign.id}/links").get_data(as_text=True)
    assert "Personal links are shown once, when they are created" in page
    for token in (ann, link.token, used.token):
        assert token not in page
    assert factories.tokens_in(page) == []
    counts = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Invitations by email 2" in counts
    assert "Anonymous single-use links 1" in counts
    assert "=cmd() 1" in counts  # invited per team
    # Counts only: nothing tells who has answered.
    assert "completed" not in page
    assert "used@example.com" not in page
    assert leader_client.get(f"/campaigns/{campaign.id}/links.csv").status_code == 404


def test_copy_script_is_served_locally(leader_client, org):
    campaign = factories.make_campaign(factories.make_company(org))
    page = leader_client.get(f"/campaigns/{campaign.id}/links").get_data(as_text=True)
    assert '<script src="/campaigns/assets/copy.js"></script>' in page
    script = leader_client.get("/campaigns/assets/copy.js")
    assert script.status_code == 200
    assert "data-copy-target" in script.get_data(as_text=True)
    script.close()


def test_campaign_without_teams_hides_the_team_choice(leader_client, db, org):
    campaign = factories.make_campaign(factories.make_company(org, teams=()), with_teams=False)
    page = leader_client.get(f"/campaigns/{campaign.id}/invite").get_data(as_text=True)
    assert 'name="emails-team_id"' not in page
    response = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails", data={"emails-emails": "ann@example.com"}
    )
    assert response.status_code == 200  # the new link, shown once
    assert [i.team_id for i in _invitations(db, campaign)] == [None]
