"""The self-check is private: only its author ever sees it, on any page, export or PDF."""

from __future__ import annotations

import io
import re
import secrets
import zipfile

import pytest
from flask import Flask, g
from flask.testing import FlaskClient

from survey_app.extensions import db
from survey_app.models import CampaignStatus, Organization, Role, SelfCheck, User
from survey_app.surveys.submission import submit_response

from . import factories
from .conftest import login

MARKER = "PRIVATE-NOTE-7f3a9"


@pytest.fixture(autouse=True)
def one_user_per_request(app: Flask) -> None:
    """Forget Flask-Login's cached user at each request (the test keeps one app context)."""

    @app.before_request
    def forget_user() -> None:
        g.pop("_login_user", None)


def take(client: FlaskClient, enemies: list[str], note: str = "") -> None:
    """Save a self-check; one with nothing ticked as confirmed (it is asked about first)."""
    data = {f"enemy_{k}": "y" for k in enemies}
    data["note"] = note
    if not enemies:
        data["none_ticked"] = "confirmed"
    response = client.post("/self-check/", data=data)
    assert response.status_code == 302


def test_self_check_keeps_a_history_and_a_trend(rep_client: FlaskClient) -> None:
    page = rep_client.get("/self-check/").get_data(as_text=True)
    assert "Only you can see your self-check" in page
    take(rep_client, ["glory_stealing", "finger_pointing", "cynicism"], MARKER)
    take(rep_client, ["cynicism"])
    page = rep_client.get("/self-check/").get_data(as_text=True)
    assert "of 20 enemies" in page
    assert "↓ -2" in page
    assert "My history (2)" in page
    assert 'data-figure="fig-trend"' in page
    rep_client.post("/self-check/erase")
    assert db.session.query(SelfCheck).count() == 0


def _body_text(data: bytes) -> str:
    """Text of a page, a PDF or a zipped export (XLSX), for a leak search."""
    if data.startswith(b"%PDF"):
        from pypdf import PdfReader

        return "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return data.decode("utf-8", "replace")


def _urls(app: Flask, ids: list[int]) -> list[str]:
    """Every GET route of the app, with each id filled into its int arguments."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint.endswith("static"):
            continue
        if any(a not in ("id",) and not re.search(r"_id$|^id$", a) for a in rule.arguments):
            continue  # token and path routes: no self-check can sit behind them
        for i in ids if rule.arguments else [0]:
            path = rule.rule
            for arg in rule.arguments:
                path = re.sub(rf"<(?:int:)?{arg}>", str(i), path)
            urls.append(path)
    return sorted(set(urls))


@pytest.mark.slow
def test_nobody_else_sees_a_self_check_on_any_route(
    app: Flask, org: Organization, rep: User, rep_client: FlaskClient
) -> None:
    take(rep_client, ["glory_stealing", "internal_competition_silos"], MARKER)
    check = db.session.query(SelfCheck).one()
    assert check.user_id == rep.id
    own = factories.make_company(org)
    factories.make_campaign(own, status=CampaignStatus.CLOSED)
    others = [
        login(app.test_client(), factories.make_user(org, role))
        for role in (Role.ADMIN, Role.LEADER, Role.REP)
    ]
    urls = _urls(app, [check.id, rep.id, 1, 2])
    assert "/self-check/" in urls
    assert len(urls) > 20  # every page, export and PDF of the app, not just ours
    for client in others:
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, url
            text = _body_text(response.data)
            assert MARKER not in text, url
            assert "\\u25cf me" not in text, url
            assert "● me" not in text, url
        page = client.get("/self-check/").get_data(as_text=True)
        assert "My history" not in page
    # The author still sees it.
    assert MARKER in rep_client.get("/self-check/").get_data(as_text=True)


def _closed_own_campaign(org: Organization, responses: int, k: int = 3):
    own = factories.make_company(org, name="Acme")
    campaign = factories.make_campaign(own, k=k, with_teams=False)
    for n in range(responses):
        invitation = factories.make_invitation(campaign)
        answers = factories.complete_answers(campaign)
        answers["glory_stealing__present"] = int(n % 2 == 0)
        submit_response(invitation.id, answers, None, secrets.token_hex(8))
    campaign.status = CampaignStatus.CLOSED
    db.session.commit()
    return campaign


def test_compared_with_the_company_only_from_k_responses(
    org: Organization, rep_client: FlaskClient
) -> None:
    _closed_own_campaign(org, responses=2, k=3)
    take(rep_client, ["glory_stealing"])
    page = rep_client.get("/self-check/").get_data(as_text=True)
    assert "No closed survey of your company has enough responses" in page
    assert 'data-figure="fig-team"' not in page


def test_compared_with_the_company(org: Organization, rep_client: FlaskClient) -> None:
    _closed_own_campaign(org, responses=4, k=3)
    take(rep_client, ["glory_stealing"])
    page = rep_client.get("/self-check/").get_data(as_text=True)
    assert "4 anonymous responses" in page
    assert 'data-figure="fig-team"' in page
    assert "Glory stealing \\u25cf me" in page  # the chart's JSON: my own ticks are marked


def test_the_author_opens_every_earlier_self_check_with_its_note(
    app: Flask, org: Organization, rep_client: FlaskClient
) -> None:
    """The latest note used to be the only one shown; the history listed dates only."""
    notes = [f"{MARKER}-{n} what I will do differently" for n in range(3)]
    for n, note in enumerate(notes):
        take(rep_client, ["cynicism", "glory_stealing"][: n + 1] if n < 2 else [], note)
    page = rep_client.get("/self-check/").get_data(as_text=True)
    history = page[page.index("My history (3)") :]
    for check in db.session.query(SelfCheck).all():
        entry = history[history.index(f'id="check-{check.id}"') :]
        entry = entry[: entry.index("</details>")]
        assert check.note in entry  # each earlier check opens with its own note
        assert ("No enemy ticked." in entry) == (not check.ticks)
        assert all(t.enemy_key.replace("_", " ")[:6].capitalize() in entry for t in check.ticks)
    # Only their author: nobody else of the organisation, whatever the role, sees one of them.
    for role in (Role.ADMIN, Role.LEADER, Role.REP):
        other = login(app.test_client(), factories.make_user(org, role))
        assert MARKER not in other.get("/self-check/").get_data(as_text=True)
