"""Team-scoped leaders (issue 14 part 3) and the dashboard's team filter (issue 16 part 5).

A leader limited to some teams sees those teams only, each at k or more after the campaign's
own suppression, and no company-wide figure: not on the dashboard, not in the trends, the
exports or the PDF. Companies and campaigns without their teams are 404s. The admin sets the
scope on the users page, and the change is audited.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from survey_app.auth.scope import PERSONAL_BLUEPRINTS, SCOPED_ENDPOINTS
from survey_app.extensions import db
from survey_app.models import AuditEntry, CampaignStatus, Organization, Role, User
from survey_app.results.campaign import campaign_results
from survey_app.results.scope import UNSCOPED, Viewer, viewer_of

from . import factories
from .conftest import login


@dataclass(frozen=True)
class World:
    north: int
    south: int
    east: int
    acme: int
    beta: int
    acme_wave: int
    beta_wave: int
    scoped: int  # a leader limited to Acme's North team


def _closed(campaign) -> None:
    campaign.status = CampaignStatus.CLOSED
    db.session.commit()


@pytest.fixture
def world(org: Organization) -> World:
    acme = factories.make_company(org, "Acme Corp", teams=("North", "South", "East"))
    by_name = {t.name: t for t in acme.teams}
    north, south, east = by_name["North"], by_name["South"], by_name["East"]
    wave = factories.make_campaign(acme, "Acme Spring", k=3)  # k = 3 keeps the setup short
    factories.make_responses(wave, north, 3, execution=4)
    factories.make_responses(wave, south, 4, execution=1)
    factories.make_responses(wave, east, 5, execution=2)
    _closed(wave)
    beta = factories.make_company(org, "Beta Hidden Ltd", teams=("Westward",))
    beta_wave = factories.make_campaign(beta, "Beta Autumn", k=3)
    factories.make_responses(beta_wave, beta.teams[0], 3)
    _closed(beta_wave)
    leader = factories.make_user(org, Role.LEADER, email="scoped@example.com")
    leader.name = "Sam Scoped"
    leader.team_scoped, leader.scope_teams = True, [north]
    db.session.commit()
    return World(north.id, south.id, east.id, acme.id, beta.id, wave.id, beta_wave.id, leader.id)


def _text(html: str) -> str:
    """The page's words, without tags (names are isolated in <bdi> elements)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def _campaign(campaign_id: int):
    from survey_app.models import Campaign

    campaign = db.session.get(Campaign, campaign_id)
    assert campaign is not None
    return campaign


@pytest.fixture
def scoped_client(app, world: World):
    user = db.session.get(User, world.scoped)
    return login(app.test_client(), user)


# ---- the one door: campaign_results(viewer=...) ----


def test_a_scoped_view_holds_only_its_teams_and_no_company_wide_figure(world: World) -> None:
    campaign = _campaign(world.acme_wave)
    whole = campaign_results(campaign)
    assert whole.overall is not None
    assert whole.overall.n == 12
    assert not whole.scoped
    mine = campaign_results(campaign, viewer=Viewer(frozenset({world.north})))
    assert mine.scoped
    assert [t.team_key for t in mine.teams] == [world.north]
    assert mine.overall is not None
    assert mine.overall.n == mine.responses == 3
    assert mine.completed_invitations == 3  # participation of the shown team only
    assert mine.invitations == 3
    card = mine.overall.scorecard
    assert card is not None
    assert all(p.execution_pct == 100 for p in card.practices)  # North's own answers: all 4
    assert mine.rest is None


def test_suppression_comes_first_a_team_hidden_for_another_stays_hidden(org) -> None:
    """North (5) is hidden to protect South (2): a viewer of both sees neither, and no sum."""
    company = factories.make_company(org, "Small Co", teams=("North", "South", "East"))
    teams = {t.name: t for t in company.teams}
    campaign = factories.make_campaign(company, k=5)
    factories.make_responses(campaign, teams["North"], 5)
    factories.make_responses(campaign, teams["South"], 2)
    factories.make_responses(campaign, teams["East"], 9)
    _closed(campaign)
    whole = campaign_results(campaign)
    assert {t.label: t.visible for t in whole.teams} == {
        "East": True,
        "North": False,
        "South": False,
    }
    viewer = Viewer(frozenset({teams["North"].id, teams["South"].id}))
    mine = campaign_results(campaign, viewer=viewer)
    assert mine.overall is None
    assert not mine.visible
    assert mine.responses == 0
    assert mine.completed_invitations == 0  # 7 would tell the two hidden teams' size
    assert {t.label for t in mine.teams} == {"North", "South"}
    assert all(t.scores is None for t in mine.teams)
    assert mine.recommendations == ()


def test_the_team_filter_shows_one_team_and_the_rest_of_the_company(world: World) -> None:
    campaign = _campaign(world.acme_wave)
    filtered = campaign_results(campaign, team=world.north)
    assert filtered.overall is not None
    assert filtered.overall.n == 3
    assert filtered.rest is not None
    assert filtered.rest.n == 9
    rest_card = filtered.rest.scorecard
    assert rest_card is not None
    # South answered 1 (0%) and East 2 (33%): 4 and 5 of them.
    expected = (4 * 0 + 5 * (100 / 3)) / 9
    assert rest_card.practices[0].execution_pct == pytest.approx(expected)
    # Never to a scoped viewer, even for their own team.
    scoped = campaign_results(campaign, viewer=Viewer(frozenset({world.north})), team=world.north)
    assert scoped.overall is not None
    assert scoped.rest is None
    # A team outside the viewer's scope: nothing at all.
    outside = campaign_results(campaign, viewer=Viewer(frozenset({world.north})), team=world.south)
    assert outside.teams == ()
    assert outside.overall is None


def test_no_rest_without_another_group_of_k(org) -> None:
    company = factories.make_company(org, "One Team Co", teams=("Only",))
    campaign = factories.make_campaign(company, k=5)
    factories.make_responses(campaign, company.teams[0], 6)
    _closed(campaign)
    filtered = campaign_results(campaign, team=company.teams[0].id)
    assert filtered.overall is not None
    assert filtered.rest is None


def test_viewer_of_scopes_leaders_only(world: World, admin: User) -> None:
    leader = db.session.get(User, world.scoped)
    assert leader is not None
    assert viewer_of(leader) == Viewer(frozenset({world.north}))
    admin.team_scoped = True  # set by hand: an admin is never narrowed
    assert viewer_of(admin) is UNSCOPED
    leader.scope_teams = []  # its teams deleted with their company: sees nothing, not all
    assert viewer_of(leader) == Viewer(frozenset())
    assert not Viewer(frozenset()).sees_campaign(_campaign(world.acme_wave))


# ---- what the scoped leader's pages show ----


def test_the_scoped_leaders_pages_show_their_team_only(scoped_client, world: World) -> None:
    for path in ("/campaigns/", "/companies/", f"/companies/{world.acme}"):
        page = scoped_client.get(path)
        assert page.status_code == 200, path
        body = page.get_data(as_text=True)
        assert "North" in body or "Acme Spring" in body, path
        for hidden in ("South", "East", "Beta Hidden Ltd", "Beta Autumn", "Westward"):
            assert hidden not in body, (path, hidden)
    board = scoped_client.get(f"/campaigns/{world.acme_wave}/dashboard").get_data(as_text=True)
    assert 'id="scope-note"' in board
    assert '<p class="kpi-value" id="kpi-responses">3</p>' in board
    assert "South" not in board
    assert "East" not in board
    assert "Rest of the company" not in board
    trends = scoped_client.get(f"/companies/{world.acme}/trends").get_data(as_text=True)
    assert "South" not in trends
    assert ">12<" not in trends


def test_out_of_scope_objects_are_404_and_other_work_403(scoped_client, world: World) -> None:
    for path in (
        f"/campaigns/{world.beta_wave}/dashboard",
        f"/campaigns/{world.beta_wave}/export.xlsx",
        f"/campaigns/{world.beta_wave}/report.pdf",
        f"/companies/{world.beta}",
        f"/companies/{world.beta}/trends",
        f"/companies/{world.beta}/report.pdf",
    ):
        assert scoped_client.get(path).status_code == 404, path
    for path in (
        f"/campaigns/{world.acme_wave}",
        f"/companies/{world.acme}/edit",
        "/campaigns/new",
        "/companies/new",
        "/prospects/",
    ):
        assert scoped_client.get(path).status_code == 403, path
    assert scoped_client.get("/self-check/").status_code == 200


def test_exports_hold_only_the_scoped_team(scoped_client, world: World) -> None:
    response = scoped_client.get(f"/campaigns/{world.acme_wave}/export-csv.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        text = "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    assert "North" in text
    assert "South" not in text
    assert "East" not in text
    assert "Responses,3" in text
    assert "Responses,12" not in text
    book = load_workbook(
        io.BytesIO(scoped_client.get(f"/campaigns/{world.acme_wave}/export.xlsx").get_data())
    )
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    assert "North" in cells
    assert "South" not in cells
    assert "East" not in cells


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "scoped.pdf"
    path.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 - a fixed command on a file the test wrote
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607 - poppler-utils on PATH
        capture_output=True,
        check=True,
        text=True,
    ).stdout


def test_the_pdf_reports_hold_only_the_scoped_team(app, world: World, tmp_path) -> None:
    """The campaign and company reports as the scoped leader's download renders them."""
    app.config["REPORT_TIMEOUT"] = 120  # a busy test machine: the time limit is not tested here
    from survey_app.models import Company
    from survey_app.reports.campaign import campaign_report
    from survey_app.reports.company import company_report
    from survey_app.reports.document import render_html, render_pdf

    viewer = Viewer(frozenset({world.north}))
    text = _pdf_text(render_pdf(campaign_report(_campaign(world.acme_wave), viewer)), tmp_path)
    assert "Only your teams: North." in text
    assert "North" in text
    assert "South" not in text
    assert "East" not in text
    responses = re.search(r"Responses\s+(\d+)", text)
    assert responses is not None
    assert responses.group(1) == "3"
    # The company report reads the same scoped waves (rendering it too would double the time).
    content = company_report(db.session.get(Company, world.acme), viewer)
    assert content.context["scoped"]
    assert [w.point.n for w in content.context["visible"]] == [3]
    html = content.template and render_html(content, "a4", {})
    assert "Only your teams" in html
    assert "South" not in html
    assert "East" not in html


# ---- the dashboard filter, for an unscoped leader ----


def test_the_dashboard_filter_compares_a_team_with_the_rest(leader_client, world: World) -> None:
    url = f"/campaigns/{world.acme_wave}/dashboard"
    whole = leader_client.get(url).get_data(as_text=True)
    assert 'id="team-filter"' in whole
    assert "Whole company" in whole
    page = leader_client.get(f"{url}?team={world.north}").get_data(as_text=True)
    assert "Showing North only (3 responses)" in _text(page)
    assert '<p class="kpi-value" id="kpi-responses">3</p>' in page
    assert 'id="figure-team_vs_rest_practices"' in page
    assert 'id="figure-team_vs_rest_enemies"' in page
    assert "9 responses from every other team" in page
    rows = page.split('id="rest-practices"')[1].split("</table>")[0]
    assert "100%" in rows  # North
    assert "19%" in rows  # the rest: (5 x 33%) / 9
    # A team that is not one of the campaign's: the whole company, said plainly.
    other = leader_client.get(f"{url}?team=999999").get_data(as_text=True)
    assert "Showing" not in other
    assert '<p class="kpi-value" id="kpi-responses">12</p>' in other


def test_the_scoped_filter_offers_only_their_teams_and_never_the_rest(
    scoped_client, world: World
) -> None:
    url = f"/campaigns/{world.acme_wave}/dashboard"
    page = scoped_client.get(f"{url}?team={world.south}").get_data(as_text=True)
    assert "South" not in page
    assert "Showing" not in page
    page = scoped_client.get(f"{url}?team={world.north}").get_data(as_text=True)
    assert "Showing North only" in _text(page)
    assert "team_vs_rest" not in page


# ---- the admin sets the scope ----


def test_the_admin_limits_a_leader_and_it_is_audited(admin_client, world: World, leader) -> None:
    users = admin_client.get("/admin/users").get_data(as_text=True)
    assert "Team scope" in users
    assert "Acme Corp: North" in users  # the scoped leader
    assert "Limit to some teams" in users  # the fixture leader
    form = admin_client.get(f"/admin/users/{leader.id}/scope")
    assert form.status_code == 200
    assert "Westward" in form.get_data(as_text=True)
    response = admin_client.post(
        f"/admin/users/{leader.id}/scope",
        data={"limit": "some", "teams": [str(world.south), str(world.east)]},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert leader.team_scoped
    assert {t.name for t in leader.scope_teams} == {"South", "East"}
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.object_id == leader.id, AuditEntry.action == "change")
    ).one()
    assert entry.details == "team scope: Acme Corp: East, South"
    admin_client.post(f"/admin/users/{leader.id}/scope", data={"limit": "every"})
    db.session.expire_all()
    assert not leader.team_scoped
    assert leader.scope_teams == []


def test_a_scope_needs_a_team_of_the_organisation(admin_client, world, leader, other_org):
    foreign = factories.make_company(other_org, "Foreign Co", teams=("Theirs",))
    for teams in ([], [str(foreign.teams[0].id)], ["x"]):
        response = admin_client.post(
            f"/admin/users/{leader.id}/scope", data={"limit": "some", "teams": teams}
        )
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert "Tick at least one of the teams listed" in page
        assert 'value="some" checked' in page  # what was chosen is kept
    db.session.expire_all()
    assert not leader.team_scoped


def test_only_a_leader_can_be_scoped_and_a_role_change_clears_it(
    admin_client, admin, world: World
) -> None:
    page = admin_client.get(f"/admin/users/{admin.id}/scope").get_data(as_text=True)
    assert 'id="scope-not-leader"' in page
    response = admin_client.post(
        f"/admin/users/{admin.id}/scope", data={"limit": "some", "teams": [str(world.north)]}
    )
    assert response.status_code == 422
    admin_client.post(f"/admin/users/{world.scoped}/role", data={"role": "admin"})
    scoped = db.session.get(User, world.scoped)
    db.session.refresh(scoped)
    assert scoped.role == Role.ADMIN
    assert not scoped.team_scoped
    assert scoped.scope_teams == []


def _links(html: str) -> tuple[set[str], set[str]]:
    """Same-site links (``a href``) and the targets of POST forms on a page."""
    hrefs = {h for h in re.findall(r'<a\b[^>]*\shref="([^"#]+)"', html) if h.startswith("/")}
    posts = set()
    for attrs in re.findall(r"<form\b([^>]*)>", html):
        if re.search(r'method="post"', attrs, re.I):
            action = re.search(r'action="([^"]*)"', attrs)
            posts.add(action.group(1) if action else "")
    return {h.replace("&amp;", "&") for h in hrefs}, posts


def test_a_scoped_leader_is_offered_nothing_they_may_not_open(app, scoped_client, world) -> None:
    """Every page a team-scoped leader can reach, from the home page on: no link on it answers
    403, and no form on it posts where the scope guard refuses (a button that can only fail)."""
    seen: set[str] = set()
    queue = ["/"]
    refused: list[str] = []
    adapter = app.url_map.bind("localhost")
    while queue:
        path = queue.pop()
        if path in seen or path.startswith(("/static", "/auth/logout")) or len(seen) > 80:
            continue
        seen.add(path)
        reply = scoped_client.get(path)
        if reply.status_code == 403:
            refused.append(path)
        if reply.status_code != 200 or reply.mimetype != "text/html":
            continue
        hrefs, posts = _links(reply.get_data(as_text=True))
        queue += sorted(hrefs - seen)
        for action in posts:
            endpoint, _args = adapter.match(urlsplit(action or path).path, method="POST")
            blueprint = endpoint.rsplit(".", 1)[0]
            if endpoint not in SCOPED_ENDPOINTS and blueprint not in PERSONAL_BLUEPRINTS:
                refused.append(f"{path}: a form posting to {endpoint}")
    assert len(seen) > 5, seen
    assert not refused, refused
