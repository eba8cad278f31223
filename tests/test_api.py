"""The REST API (/api/v1): its OpenAPI description, every route, tokens, scopes, problems."""

from __future__ import annotations

from datetime import timedelta

import pytest
from openapi_spec_validator import validate
from sqlalchemy import select

from survey_app.api.results import results_json
from survey_app.extensions import db
from survey_app.models import (
    ApiToken,
    AuditEntry,
    Campaign,
    CampaignStatus,
    Invitation,
    Role,
    token_digest,
)
from survey_app.models._types import utcnow
from survey_app.results.campaign import campaign_results
from tests import factories
from tests.api_tokens import MANAGE, READ, bearer, make_token

PROBLEM = "application/problem+json"


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == status
    assert body["type"]
    assert body["title"]
    assert body["detail"]
    return body


def _spec_operations(spec: dict) -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }


def _rule_path(app, method: str, url: str) -> str:
    """The OpenAPI path template of the route that ``url`` reaches."""
    adapter = app.url_map.bind("localhost")
    rule, _ = adapter.match(url.split("?")[0], method=method, return_rule=True)
    return rule.rule.replace("<int:", "{").replace(">", "}")


def test_openapi_is_valid_and_every_documented_route_is_exercised(app, client, org, leader):
    spec_response = client.get("/api/v1/openapi.json")
    assert spec_response.status_code == 200
    spec = spec_response.get_json()
    validate(spec)  # raises on anything that is not OpenAPI 3
    assert spec["openapi"].startswith("3.")
    assert "bearerAuth" in spec["components"]["securitySchemes"]

    company = factories.make_company(org, name="Acme")
    sales = company.teams[0]
    read, manage = bearer(make_token(leader, READ)), bearer(make_token(leader, MANAGE))
    exercised: set[tuple[str, str]] = set()

    def call(method: str, url: str, headers: dict, status: int, **kwargs):
        response = client.open(url, method=method, headers=headers, **kwargs)
        assert response.status_code == status, (url, response.get_data(as_text=True))
        exercised.add((method, _rule_path(app, method, url)))
        return response.get_json()

    companies = call("GET", "/api/v1/companies", read, 200)
    assert [c["name"] for c in companies] == ["Acme"]
    assert call("GET", f"/api/v1/companies/{company.id}", read, 200)["teams"][0]["name"]
    assert {
        t["name"] for t in call("GET", f"/api/v1/companies/{company.id}/teams", manage, 200)
    } == {
        "Sales",
        "Support",
    }
    created = call(
        "POST",
        "/api/v1/campaigns",
        manage,
        201,
        json={
            "company_id": company.id,
            "title": "API wave",
            "instruments": ["teamwork_scorecard", "enemies_of_teamwork"],
            "team_ids": [sales.id],
        },
    )
    assert created["status"] == "draft"
    assert created["min_group_size"] == org.min_group_size
    cid = created["id"]
    assert call("GET", f"/api/v1/campaigns?company_id={company.id}", read, 200)[0]["id"] == cid
    assert call("GET", f"/api/v1/campaigns/{cid}", read, 200)["title"] == "API wave"
    assert call("POST", f"/api/v1/campaigns/{cid}/open", manage, 200)["status"] == "open"
    added = call(
        "POST",
        f"/api/v1/campaigns/{cid}/invitations",
        manage,
        201,
        json={"emails": ["a@example.com", "b@example.com"], "team_id": sales.id},
    )
    assert added["created"] == 2
    assert added["already_invited"] == 0
    counts = call("GET", f"/api/v1/campaigns/{cid}/invitations", manage, 200)
    assert counts["invitations"] == 2
    assert counts["pending"] == 2
    assert counts["teams"][0] == {
        "team_id": sales.id,
        "label": "Sales",
        "shown": False,  # 2 invitations < k: no per-status counts for the team
        "invitations": 2,
        "pending": None,
        "started": None,
        "completed": None,
    }
    results = call("GET", f"/api/v1/campaigns/{cid}/results", read, 200)
    assert results["visible"] is False
    assert results["overall"] is None
    assert call("POST", f"/api/v1/campaigns/{cid}/close", manage, 200)["status"] == "closed"

    assert exercised == _spec_operations(spec), _spec_operations(spec) ^ exercised


def test_the_token_is_stored_as_a_digest_and_shown_once(client, leader):
    from tests.conftest import login

    login(client, leader)
    page = client.post(
        "/account/tokens",
        data={"token-name": "CRM sync", "token-scope": "read_results", "token-days": "30"},
    )
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == leader.id))
    plaintext = text.split('id="new-token-value" readonly value="')[1].split('"')[0]
    assert plaintext.startswith("tws_")
    assert len(plaintext) > 40
    assert token.token_hash == token_digest(plaintext) != plaintext
    assert plaintext not in str(db.session.execute(select(ApiToken.__table__)).all())
    again = client.get("/account").get_data(as_text=True)
    assert plaintext not in again
    assert "CRM sync" in again
    assert token.prefix in again
    assert client.get("/api/v1/companies", headers=bearer(plaintext)).status_code == 200
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.object_kind == "API token"))
    assert entry.action == "create"
    assert "CRM sync" in entry.object_label
    assert plaintext not in entry.object_label + entry.details


def test_a_refused_token_form_keeps_what_was_typed(client, leader):
    from tests.conftest import login

    login(client, leader)
    page = client.post("/account/tokens", data={"token-name": "Half typed", "token-days": "30"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Choose what the token may do." in text
    assert 'value="Half typed"' in text
    assert db.session.scalar(select(ApiToken)) is None


def test_revoking_needs_a_confirmation_and_stops_the_token(client, leader, org):
    from tests.conftest import login

    login(client, leader)
    plaintext = make_token(leader)
    token = db.session.scalar(select(ApiToken))
    confirm = client.get(f"/account/tokens/{token.id}/revoke")
    assert confirm.status_code == 200
    assert "Revoke the API token" in confirm.get_data(as_text=True)
    assert client.get("/api/v1/companies", headers=bearer(plaintext)).status_code == 200
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 302
    db.session.refresh(token)
    assert token.revoked_at is not None
    _problem(client.get("/api/v1/companies", headers=bearer(plaintext)), 401)
    entry = db.session.scalar(
        select(AuditEntry).where(
            AuditEntry.object_kind == "API token", AuditEntry.action == "change"
        )
    )
    assert entry is not None
    assert "revoked" in entry.details
    # Someone else's token cannot be revoked, nor even shown: 404.
    other = factories.make_user(org, Role.LEADER)
    make_token(other)
    theirs = db.session.scalar(select(ApiToken).where(ApiToken.user_id == other.id))
    assert client.get(f"/account/tokens/{theirs.id}/revoke").status_code == 404
    assert client.post(f"/account/tokens/{theirs.id}/revoke").status_code == 404


def test_expired_deactivated_or_demoted_tokens_open_nothing(client, leader):
    plaintext = make_token(leader)
    headers = bearer(plaintext)
    assert client.get("/api/v1/companies", headers=headers).status_code == 200
    token = db.session.scalar(select(ApiToken))
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    body = _problem(client.get("/api/v1/companies", headers=headers), 401)
    assert "Bearer" in client.get("/api/v1/companies", headers=headers).headers["WWW-Authenticate"]
    assert body["title"] == "Unauthorized"
    token.expires_at = utcnow() + timedelta(days=1)
    leader.role = Role.REP
    db.session.commit()
    _problem(client.get("/api/v1/companies", headers=headers), 401)
    leader.role, leader.active = Role.LEADER, False
    db.session.commit()
    _problem(client.get("/api/v1/companies", headers=headers), 401)
    for wrong in ("Bearer tws_not-a-token", "Basic abc", plaintext, "Bearer " + plaintext[:-1]):
        _problem(client.get("/api/v1/companies", headers={"Authorization": wrong}), 401)


def test_a_rep_cannot_make_a_token(client, rep):
    from tests.conftest import login

    login(client, rep)
    assert "Only leaders and admins" in client.get("/account").get_data(as_text=True)
    assert (
        client.post(
            "/account/tokens",
            data={"token-name": "x", "token-scope": "read_results", "token-days": "30"},
        ).status_code
        == 403
    )


def test_each_scope_does_only_its_part(client, org, leader):
    company = factories.make_company(org)
    campaign = factories.make_campaign(company, status=CampaignStatus.DRAFT)
    read, manage = bearer(make_token(leader, READ)), bearer(make_token(leader, MANAGE))
    body = {"company_id": company.id, "title": "T", "instruments": ["teamwork_scorecard"]}
    _problem(client.post("/api/v1/campaigns", json=body, headers=read), 403)
    _problem(client.post(f"/api/v1/campaigns/{campaign.id}/open", headers=read), 403)
    _problem(
        client.post(
            f"/api/v1/campaigns/{campaign.id}/invitations",
            json={"emails": ["a@b.co"]},
            headers=read,
        ),
        403,
    )
    _problem(client.get(f"/api/v1/campaigns/{campaign.id}/results", headers=manage), 403)
    assert db.session.get(Campaign, campaign.id).status == CampaignStatus.DRAFT
    assert db.session.scalar(select(Invitation)) is None


def test_a_session_cookie_alone_opens_nothing(app, org, leader):
    """A signed-in browser (with CSRF on, as in production) cannot act through the API."""
    from tests.conftest import login

    company = factories.make_company(org)
    campaign = factories.make_campaign(company, status=CampaignStatus.DRAFT)
    app.config["WTF_CSRF_ENABLED"] = True
    browser = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    login(browser, leader)
    app.config["WTF_CSRF_ENABLED"] = True
    assert browser.get("/account").status_code == 200  # the cookie works on the pages
    _problem(browser.get("/api/v1/companies"), 401)
    _problem(browser.post(f"/api/v1/campaigns/{campaign.id}/open"), 401)
    body = {"company_id": company.id, "title": "T", "instruments": ["teamwork_scorecard"]}
    _problem(browser.post("/api/v1/campaigns", json=body), 401)
    assert db.session.get(Campaign, campaign.id).status == CampaignStatus.DRAFT
    assert db.session.scalar(select(Campaign).where(Campaign.title == "T")) is None
    # ... while a token needs no CSRF token, cookie or not.
    manage = bearer(make_token(leader, MANAGE))
    assert browser.post(f"/api/v1/campaigns/{campaign.id}/open", headers=manage).status_code == 200


def test_refusals_are_problems_with_the_services_messages(client, org, leader):
    company = factories.make_company(org)
    manage = bearer(make_token(leader, MANAGE))
    bad = client.post(
        "/api/v1/campaigns",
        json={"company_id": company.id, "title": "", "instruments": ["nope"]},
        headers=manage,
    )
    body = _problem(bad, 422)
    assert "title" in body["errors"]
    refused = client.post(
        "/api/v1/campaigns",
        json={"company_id": company.id, "title": "Wave", "instruments": ["nope"]},
        headers=manage,
    )
    assert _problem(refused, 422)["errors"]["instruments"] == [
        "Choose at least one of the instruments shown."
    ]
    nul = client.post(
        "/api/v1/campaigns",
        json={"company_id": company.id, "title": "A\x00B", "instruments": ["teamwork_scorecard"]},
        headers=manage,
    )
    assert "NUL" in str(_problem(nul, 422)["errors"])
    _problem(client.post("/api/v1/campaigns", data="not json", headers=manage), 422)
    campaign = factories.make_campaign(company, status=CampaignStatus.OPEN)
    opened = _problem(client.post(f"/api/v1/campaigns/{campaign.id}/open", headers=manage), 409)
    assert opened["errors"]["status"] == ["Only a draft campaign can be opened."]
    invalid = client.post(
        f"/api/v1/campaigns/{campaign.id}/invitations",
        json={"emails": ["fine@example.com", "not an address"]},
        headers=manage,
    )
    assert "not valid email addresses" in _problem(invalid, 422)["errors"]["emails"][0]
    assert db.session.scalar(select(Invitation)) is None
    _problem(client.delete(f"/api/v1/campaigns/{campaign.id}", headers=manage), 405)
    _problem(client.get("/api/v1/no-such-thing", headers=manage), 404)
    _problem(client.get("/api/v1/campaigns/999999", headers=manage), 404)


def test_writes_through_the_api_are_audited_as_the_token_owner(client, org, leader):
    company = factories.make_company(org)
    campaign = factories.make_campaign(company, status=CampaignStatus.DRAFT)
    manage = bearer(make_token(leader, MANAGE))
    assert client.post(f"/api/v1/campaigns/{campaign.id}/open", headers=manage).status_code == 200
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "open", AuditEntry.object_id == campaign.id)
    )
    assert entry is not None
    assert entry.actor_id == leader.id


def test_results_are_the_dashboards(client, org, leader):
    company = factories.make_company(org, teams=("Sales", "Support", "Ops"))
    campaign = factories.make_campaign(company, k=3, status=CampaignStatus.OPEN)
    by_name = {t.name: t for t in company.teams}
    sales, support, ops = by_name["Sales"], by_name["Support"], by_name["Ops"]
    factories.make_responses(campaign, sales, 4, execution=4)
    factories.make_responses(campaign, support, 3, execution=2)
    factories.make_responses(campaign, ops, 1)
    campaign.status = CampaignStatus.CLOSED
    db.session.commit()
    read = bearer(make_token(leader, READ))
    body = client.get(f"/api/v1/campaigns/{campaign.id}/results", headers=read).get_json()
    assert body == results_json(campaign_results(campaign))
    assert body["overall"]["responses"] == 8
    hidden = {t["label"]: t for t in body["teams"] if not t["visible"]}
    # Ops (1) is under k, and Support (3), the next smallest, is hidden with it.
    assert set(hidden) == {"Ops", "Support"}
    assert all(t["scores"] is None for t in hidden.values())
    assert [t["label"] for t in body["teams"] if t["visible"]] == ["Sales"]


def test_rate_limit_per_token_is_a_problem(tmp_path, monkeypatch):
    from tests.conftest import app_on_fresh_database

    with app_on_fresh_database(
        tmp_path, RATELIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute"
    ) as app:
        from survey_app.extensions import limiter

        limiter.reset()
        org = factories.make_org()
        leader = factories.make_user(org, Role.LEADER)
        first, second = bearer(make_token(leader)), bearer(make_token(leader))
        client = app.test_client()
        for _ in range(3):
            assert client.get("/api/v1/companies", headers=first).status_code == 200
        body = _problem(client.get("/api/v1/companies", headers=first), 429)
        assert "Wait" in body["detail"]
        assert client.get("/api/v1/companies", headers=second).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/companies", "/api/v1/openapi.json"])
def test_api_answers_are_never_cached(client, leader, path):
    response = client.get(path, headers=bearer(make_token(leader)))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_an_open_campaigns_results_are_its_published_snapshot(client, org, leader):
    company = factories.make_company(org, teams=())
    campaign = factories.make_campaign(company, k=3, with_teams=False)
    read = bearer(make_token(leader, READ))
    url = f"/api/v1/campaigns/{campaign.id}/results"
    factories.make_responses(campaign, None, 2)
    below = client.get(url, headers=read).get_json()
    assert below["overall"] is None
    assert [t["scores"] for t in below["teams"]] == [None] * len(below["teams"])
    factories.make_responses(campaign, None, 2)  # 4 received: the snapshot shows 3
    body = client.get(url, headers=read).get_json()
    assert body == results_json(campaign_results(campaign))
    assert body["snapshot"]["shown"] == 3
    assert body["snapshot"]["received"] == 4
    assert body["overall"]["responses"] == 3


def test_a_team_scoped_leaders_token_reads_their_teams_only(client, org, leader):
    from survey_app.results.scope import Viewer

    company = factories.make_company(org, teams=("North", "South"))
    north, south = sorted(company.teams, key=lambda t: t.name)
    other = factories.make_company(org, name="Elsewhere", teams=("West",))
    campaign = factories.make_campaign(company, k=3)
    factories.make_responses(campaign, north, 3)
    factories.make_responses(campaign, south, 4)
    campaign.status = CampaignStatus.CLOSED
    elsewhere = factories.make_campaign(other, k=3, status=CampaignStatus.DRAFT)
    leader.team_scoped, leader.scope_teams = True, [north]
    db.session.commit()
    read, manage = bearer(make_token(leader, READ)), bearer(make_token(leader, MANAGE))
    names = [c["name"] for c in client.get("/api/v1/companies", headers=read).get_json()]
    assert names == [company.name]
    body = client.get(f"/api/v1/campaigns/{campaign.id}/results", headers=read).get_json()
    viewer = Viewer(frozenset({north.id}))
    assert body == results_json(campaign_results(campaign, viewer=viewer))
    assert body["scoped"] is True
    assert [t["label"] for t in body["teams"]] == ["North"]
    assert body["overall"]["responses"] == 3  # North only: no company-wide figure
    _problem(client.get(f"/api/v1/campaigns/{elsewhere.id}", headers=read), 404)
    _problem(client.post(f"/api/v1/campaigns/{campaign.id}/close", headers=manage), 403)
