"""Fuzzing the invitation forms with Hypothesis: pasted emails, CSV upload, links, open link.

See ``test_fuzz_forms.py`` for what every fuzz test checks and for the strategies. The CSV
upload gets random bytes, CSV text in odd encodings, with and without a BOM or a header, with
huge rows and too many rows, and random file names.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import event, given
from hypothesis import strategies as st
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import (
    Campaign,
    Company,
    Invitation,
    InvitationKind,
    Organization,
    token_digest,
)
from tests import factories
from tests.security.test_fuzz_forms import (
    CHARACTERS,
    Input,
    Posted,
    assert_loads,
    forms,
    fuzz,
    numbers,
    post,
    stored,
    texts,
    typed,
    unknown_fields,
)

MAX_PASTED = 1000
MAX_LINKS = 500
MAX_OPEN_CAP = 100_000


@pytest.fixture
def wave(org: Organization, other_org: Organization) -> Campaign:
    """An open campaign of a company with two teams (mail is off: links are shown to copy)."""
    company = factories.make_company(org, "Initech", teams=("Sales", "Support"))
    factories.make_company(other_org, "Hooli", teams=("Sales",))  # its team ids are forged
    campaign = factories.make_campaign(company)
    factories.make_invitation(campaign, email="already@example.com")
    return campaign


def team_ids() -> Input:
    """The team select: blank (no team), one of the campaign's, or another company's."""
    return Input(
        st.sampled_from(["", "own:0", "own:1"]),
        st.one_of(st.sampled_from(["other:0", "None", " "]), numbers(-1, 10**6)),
    )


def name_team(data: dict[str, Any], field: str) -> dict[str, Any]:
    """Put a real team id in place of ``own:<n>`` / ``other:<n>``."""
    value = data.get(field)
    which, _, n = str(value).partition(":")
    if which in ("own", "other") and n.isdigit():
        company_name = "Initech" if which == "own" else "Hooli"
        company = db.session.scalars(select(Company).where(Company.name == company_name)).one()
        data = {**data, field: str(company.teams[int(n)].id)}
    return data


def posted_team(value: str | None) -> int | None:
    """The team a valid post asks for: blank (or "None", the blank option's coerced value) is
    no team, as WTForms' Optional() reads a blank."""
    if value is None or not value.strip() or value == "None":
        return None
    return int(value)


def new_invitations(posted: Posted, campaign_id: int) -> list[Invitation]:
    before = {row[0] for row in posted.before["invitations"]}  # the id is the first column
    rows = db.session.scalars(select(Invitation).where(Invitation.campaign_id == campaign_id))
    return [i for i in rows if i.id not in before]


def shows_new_links(posted: Posted) -> bool:
    """The response is the page that shows the links just created (mail is off)."""
    return posted.status == 200 and 'id="new-links"' in posted.page


def assert_links_shown_once(posted: Posted, created: list[Invitation]) -> None:
    """The page shows exactly the new invitations' links (their digests are what is stored)."""
    shown = [token_digest(t) for t in factories.tokens_in(posted.page)]
    assert shown == [i.token_hash for i in sorted(created, key=lambda i: i.id)]


def check_invitations_are_sane(campaign_id: int) -> None:
    """Whatever was imported: one invitation per address, lower case, of the campaign's teams."""
    campaign = stored(Campaign, campaign_id)
    emails = [i.email for i in campaign_invitations(campaign_id) if i.email is not None]
    assert len(emails) == len(set(emails)), "an address was invited twice"
    assert all(e == e.lower() and "@" in e and len(e) <= 254 for e in emails)
    teams = {t.id for t in campaign.teams}
    assert all(i.team_id is None or i.team_id in teams for i in campaign_invitations(campaign_id))


def campaign_invitations(campaign_id: int) -> list[Invitation]:
    return list(db.session.scalars(select(Invitation).where(Invitation.campaign_id == campaign_id)))


def was_pasted(email: str | None, text: str) -> bool:
    """An ASCII address is stored as typed, in lower case; others may be normalised (NFC)."""
    assert email is not None
    return email in text.lower() or not email.isascii()


# --- pasted emails ----------------------------------------------------------------------------

separators = st.sampled_from([",", ";", "\n", "\r\n", "\t", ", ", " ;\n"])
good_addresses = st.one_of(
    st.emails(),
    st.sampled_from(["ann@example.com", "ANN@Example.COM", "Ann Lee <ann.lee@example.com>"]),
)
pasted_lists = st.tuples(st.lists(good_addresses, min_size=1, max_size=6), separators).map(
    lambda p: p[1].join(p[0])
)
bad_pastes = st.one_of(
    texts(),
    st.tuples(st.lists(st.one_of(good_addresses, texts(40)), max_size=6), separators).map(
        lambda p: p[1].join(p[0])
    ),
    # Around the limit of 1000 addresses a paste.
    st.integers(MAX_PASTED - 1, MAX_PASTED + 1).map(
        lambda n: "\n".join(f"person{i}@example.com" for i in range(n))
    ),
)


@fuzz(30)
@given(data=forms({"emails-emails": Input(pasted_lists, bad_pastes), "emails-team_id": team_ids()}))
def test_invite_pasted_emails(leader_client: FlaskClient, wave: Campaign, data: dict) -> None:
    campaign_id = wave.id
    data = name_team(data, "emails-team_id")
    posted = post(leader_client, f"/campaigns/{campaign_id}/invite/emails", data)
    if posted.status != 302 and not shows_new_links(posted):
        posted.assert_refused()
        return
    posted.assert_changed_only({"invitations"})
    created = new_invitations(posted, campaign_id)
    assert len(created) <= MAX_PASTED
    team = posted_team(data.get("emails-team_id"))
    for invitation in created:
        assert invitation.kind == InvitationKind.EMAIL
        assert invitation.team_id == team
        assert was_pasted(invitation.email, data["emails-emails"])
    check_invitations_are_sane(campaign_id)
    if posted.status == 302:  # everyone was invited already: nothing new to show
        assert created == []
        assert_loads(leader_client, posted.location, f"/campaigns/{campaign_id}/invite")
    else:
        assert_links_shown_once(posted, created)


def test_refused_paste_keeps_what_was_typed(leader_client: FlaskClient, wave: Campaign) -> None:
    pasted = "bob@example.com\n<b>carol</b>"
    posted = post(leader_client, f"/campaigns/{wave.id}/invite/emails", {"emails-emails": pasted})
    posted.assert_rejected(200)
    posted.assert_shows_error()
    assert typed(pasted) in posted.page
    assert "<b>carol</b>" not in posted.page


# --- CSV upload -------------------------------------------------------------------------------

TEAM_CELLS = ["Sales", "sales", " SUPPORT ", "Support", "", "Marketing"]
cells = st.one_of(
    good_addresses,
    st.sampled_from(TEAM_CELLS),
    st.sampled_from(["email", "E-Mail", "team"]),
    texts(40),
)
good_rows = st.tuples(good_addresses, st.sampled_from(TEAM_CELLS)).map(list)
# Mostly rows a leader would write (a few with an unknown team), some of any shape.
csv_rows = st.lists(st.one_of(good_rows, good_rows, st.lists(cells, max_size=4)), max_size=15)


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """CSV text as spreadsheets write it, and as they do not."""
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    rows = draw(csv_rows)
    if draw(st.booleans()):
        rows = [["email", "team"], *rows]
    quote = draw(st.booleans())

    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if quote else value

    return newline.join(delimiter.join(cell(c) for c in row) for row in rows)


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252", "shift_jis", "utf-32"]


def encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


# A file as a leader exports it: UTF-8, a header or not, a few people per team.
plain_files = st.tuples(st.booleans(), st.lists(good_rows, min_size=2, max_size=20)).map(
    lambda p: "\n".join(",".join(row) for row in ([["email", "team"]] if p[0] else []) + p[1])
)

csv_files = st.one_of(
    plain_files.map(str.encode),
    st.builds(encoded, csv_texts(), st.sampled_from(ENCODINGS)),
    st.binary(max_size=2000),
    csv_texts().map(lambda t: b"\xef\xbb\xbf" + t.encode()),  # a BOM, as Excel writes
    st.sampled_from(
        [
            b"",
            b"  \n\n",
            b"PK\x03\x04 an xlsx workbook",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an xls workbook",
            b"email,team\n" + b"x" * 200_000 + b"@example.com,Sales\n",  # over csv's field limit
            b'email,team\n"unterminated@example.com,Sales\n',
            b"email,team\n" + b"".join(b"p%d@example.com,Sales\n" % i for i in range(10_001)),
            b"team,email\nSales,ann@example.com\n",  # the columns the wrong way round
            b"ann@example.com,Sales,extra,columns\n",
        ]
    ),
)
file_names = st.one_of(
    st.sampled_from(["people.csv", "people.xlsx", "../../etc/passwd", "a b.csv"]),
    # The test client writes the name as it is, quotes and line breaks included, as a
    # hand-made request could: the server must cope with the malformed part it gets.
    st.text(CHARACTERS, max_size=40),
)
_SUMMARY = re.compile(r'id="import-summary">\s*(\d+) (?:person|people) invited')


@fuzz(50)
@given(content=st.one_of(st.none(), csv_files), filename=file_names, extra=unknown_fields())
def test_upload_csv(
    leader_client: FlaskClient, wave: Campaign, content: bytes | None, filename: str, extra: dict
) -> None:
    campaign_id = wave.id
    data: dict[str, Any] = dict(extra)
    if content is not None:
        data["csv-file"] = (io.BytesIO(content), filename)
    posted = post(leader_client, f"/campaigns/{campaign_id}/invite/csv", data)
    report = _SUMMARY.search(posted.page)
    event(f"csv: {'import report' if report else 'refused'}")
    if report is None:  # the invite page again, with what is wrong with the file
        posted.assert_refused()
        return
    assert posted.status == 200
    posted.assert_changed_only({"invitations"})
    created = new_invitations(posted, campaign_id)
    assert len(created) == int(report.group(1))
    event(f"csv: {min(len(created), 2)}{'+' if len(created) >= 2 else ''} invited")
    assert all(i.kind == InvitationKind.EMAIL for i in created)
    check_invitations_are_sane(campaign_id)
    assert_loads(leader_client, f"/campaigns/{campaign_id}/invite", f"/campaigns/{campaign_id}")


def test_rejected_csv_rows_are_shown_escaped_and_not_stored(
    leader_client: FlaskClient, wave: Campaign
) -> None:
    content = b"email,team\n<b>bob</b>,Sales\ncarol@example.com,<i>Ops</i>\n"
    data = {"csv-file": (io.BytesIO(content), "<script>x</script>.csv")}
    posted = post(leader_client, f"/campaigns/{wave.id}/invite/csv", data)
    assert posted.status == 200
    assert "0 people invited; 2 rows rejected" in " ".join(posted.page.split())
    assert not posted.changed
    for text in ("<b>bob</b>", "<i>Ops</i>", "<script>x</script>.csv"):
        assert typed(text) in posted.page
        assert text not in posted.page


def test_unreadable_csv_is_refused_with_a_message(
    leader_client: FlaskClient, wave: Campaign
) -> None:
    data = {"csv-file": (io.BytesIO("email\nzoë@example.com".encode("utf-16")), "people.csv")}
    posted = post(leader_client, f"/campaigns/{wave.id}/invite/csv", data)
    posted.assert_rejected(200)
    posted.assert_shows_error()
    assert "not a CSV text file" in posted.page


# --- anonymous links --------------------------------------------------------------------------


@fuzz(30)
@given(
    data=forms(
        {
            # Small counts keep the examples fast; the limit is tested on its own below.
            "links-count": Input(st.integers(1, 5).map(str), numbers(-1, 600)),
            "links-team_id": team_ids(),
        }
    )
)
def test_create_links(leader_client: FlaskClient, wave: Campaign, data: dict) -> None:
    campaign_id = wave.id
    data = name_team(data, "links-team_id")
    posted = post(leader_client, f"/campaigns/{campaign_id}/invite/links", data)
    if not shows_new_links(posted):
        posted.assert_refused()
        return
    posted.assert_changed_only({"invitations"})
    created = new_invitations(posted, campaign_id)
    assert len(created) == int(data["links-count"])
    assert 1 <= len(created) <= MAX_LINKS
    team = posted_team(data.get("links-team_id"))
    assert all(i.kind == InvitationKind.LINK and i.team_id == team for i in created)
    check_invitations_are_sane(campaign_id)
    assert_links_shown_once(posted, created)


def test_link_count_limit(leader_client: FlaskClient, wave: Campaign) -> None:
    url = f"/campaigns/{wave.id}/invite/links"
    post(leader_client, url, {"links-count": str(MAX_LINKS + 1)}).assert_refused()
    posted = post(leader_client, url, {"links-count": str(MAX_LINKS)})
    assert shows_new_links(posted)
    created = new_invitations(posted, wave.id)
    assert len(created) == MAX_LINKS
    assert_links_shown_once(posted, created)


def test_refused_link_count_keeps_what_was_typed(
    leader_client: FlaskClient, wave: Campaign
) -> None:
    posted = post(leader_client, f"/campaigns/{wave.id}/invite/links", {"links-count": "5<b>0</b>"})
    posted.assert_rejected(200)
    posted.assert_shows_error()
    assert typed("5<b>0</b>") in posted.page


# --- open link --------------------------------------------------------------------------------


@fuzz(25)
@given(
    data=forms(
        {
            "open-cap": Input(
                st.one_of(st.just(""), st.integers(1, MAX_OPEN_CAP).map(str)), numbers(-1, 10**6)
            )
        }
    ),
    disable=st.booleans(),
)
def test_open_link(leader_client: FlaskClient, wave: Campaign, data: dict, disable: bool) -> None:
    campaign_id = wave.id
    if disable:
        data = {**data, "disable": "1"}
    posted = post(leader_client, f"/campaigns/{campaign_id}/open-link", data)
    if posted.status != 302:
        assert not disable or posted.sent_nul
        posted.assert_refused()
        return
    posted.assert_changed_only({"campaigns"})
    campaign = stored(Campaign, campaign_id)
    if disable:
        assert campaign.open_link_token is None
        assert campaign.open_link_cap is None
    else:
        cap = data.get("open-cap", "").strip()
        assert campaign.open_link_token is not None
        assert campaign.open_link_cap == (int(cap) if cap else None)
    assert_loads(leader_client, f"/campaigns/{campaign_id}/invite", f"/campaigns/{campaign_id}")


def test_refused_cap_keeps_what_was_typed(leader_client: FlaskClient, wave: Campaign) -> None:
    posted = post(leader_client, f"/campaigns/{wave.id}/open-link", {"open-cap": "0"})
    posted.assert_rejected(200)
    posted.assert_shows_error()
    assert 'value="0"' in posted.page
