"""Response headers on every route: a strict CSP, nosniff, a Referrer-Policy that keeps addresses
(and survey tokens) on this site, and ``Cache-Control: no-store`` on every page.

Every GET route of the URL map is fetched with organisation A's real ids: as the leader, who
may open all the leader and prospect pages, and the survey pages as a respondent holding a
survey session. Static files are fetched too (one real file per static folder). The app sets
these headers in one ``after_request`` hook (survey_app/security.py); the exports and PDFs also
set theirs by hand, so a page that forgets is caught here rather than trusted to the hook.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from survey_app.models import Role
from tests.security.conftest import Summary, Tenant, fill, is_static, respondent, walked_rules
from tests.security.optout import signed_optout

# Headers come from the app's response hooks, the same whatever database is behind them.
pytestmark = pytest.mark.engine_independent

# Values that never send a page's path (which may hold a survey token) to another site.
SAFE_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
    "origin",
    "origin-when-cross-origin",
}
# The pages the issue names as results: they must be among those walked (and get no-store).
RESULT_PAGES = {
    "dashboard.campaign",
    "dashboard.trends",
    "exports.campaign_csv",
    "exports.campaign_xlsx",
    "reports.campaign_pdf",
    "reports.company_pdf",
    "prospects.index",
    "prospects.detail",
    "prospects.compare",
    "prospects.one_pager",
    "selfcheck.index",
    "surveys.intro",
    "surveys.answer",
}


def csp_directives(value: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in value.split(";"):
        name, *sources = part.split()
        directives[name.lower()] = sources
    return directives


def header_problems(response: TestResponse, page: bool) -> list[str]:
    """What is missing or too loose in the response's security headers; ``page`` is False for
    static files, which carry no data and may be cached."""
    problems = []
    csp = csp_directives(response.headers.get("Content-Security-Policy", ""))
    if csp.get("default-src") != ["'self'"]:
        problems.append(f"CSP default-src is {csp.get('default-src')}, not 'self' only")
    scripts = csp.get("script-src", csp.get("default-src", []))
    if not set(scripts) <= {"'self'"}:
        problems.append(f"CSP lets scripts run from {scripts}")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    policy = response.headers.get("Referrer-Policy")
    if policy not in SAFE_REFERRER_POLICIES:
        problems.append(f"Referrer-Policy is {policy!r}")
    if page and "no-store" not in response.headers.get("Cache-Control", ""):
        problems.append(f"Cache-Control is {response.headers.get('Cache-Control')!r}")
    return problems


# Pages only the author of A's assessment (the rep) may open.
BY_THE_AUTHOR = {"prospects.confirm_delete_assessment"}
# Pages whose walk can only reach the refusal (its headers checked all the same): single
# sign-on's way back needs a sign-in this browser set off (tests/test_sso.py walks it whole).
REFUSED_WITHOUT_A_SIGN_IN = {"auth.sso_callback": 403}


def real_ids(t: Tenant) -> dict[str, object]:
    """A's ids. The campaign is the open one, below k: its report is text only, so the PDF takes
    a fraction of a second, and the headers do not depend on what a page shows (test_csrf.py
    walks the pages full of results)."""
    return {
        "campaign_id": t.open_campaign_id,
        "company_id": t.company_id,
        "prospect_id": t.prospect_id,
        "assessment_id": t.assessment_id,
        "action_id": t.action_id,
        "session_id": t.session_id,
        "comment_id": t.comment_id,
        "token": t.invitation_token,
        "signed": signed_optout(t.invitation_token),  # the mail's opt-out page
        "user_id": t.users[Role.LEADER],  # the erase confirmation (a GET that changes nothing)
        "token_id": _api_token_id(t),  # the leader's own, on the revoke confirmation
        "endpoint_id": _webhook_endpoint_id(t),  # the admin's settings page
    }


def _api_token_id(t: Tenant) -> int:
    from sqlalchemy import select

    from survey_app.extensions import db
    from survey_app.models import ApiToken
    from tests.api_tokens import make_token

    make_token(t.user(Role.LEADER))
    return int(db.session.scalar(select(ApiToken.id).order_by(ApiToken.id.desc())) or 0)


def _webhook_endpoint_id(t: Tenant) -> int:
    from survey_app.extensions import db
    from survey_app.models import WebhookEndpoint

    endpoint = WebhookEndpoint(
        organization_id=t.org_id, url="http://127.0.0.1:9/hooks", secret="whsec_h", events=[]
    )
    db.session.add(endpoint)
    db.session.commit()
    return endpoint.id


def a_static_file(app: Flask, rule: Rule) -> str:
    """The path of one real file served by a static rule."""
    blueprint = rule.endpoint.rpartition(".")[0]
    folder = app.blueprints[blueprint].static_folder if blueprint else app.static_folder
    assert folder, rule.endpoint
    first = min(p for p in Path(folder).rglob("*") if p.is_file())
    return fill(rule, {"filename": first.relative_to(folder).as_posix()})


def test_every_get_route_sends_the_security_headers(
    app: Flask,
    tenant_a: Tenant,
    role_clients: dict[Role, FlaskClient],
    record_property,
    summary: Summary,
) -> None:
    leader = role_clients[Role.LEADER]
    surveyor = respondent(app, tenant_a.invitation_token)
    ids = real_ids(tenant_a)
    rules = walked_rules(app, "GET")
    assert {r.endpoint for r in rules} >= RESULT_PAGES, "a result page is gone from the URL map"

    from tests.api_tokens import bearer, make_token

    api = bearer(make_token(tenant_a.user(Role.LEADER)))  # the API opens to a token only
    failures: list[str] = []
    for rule in rules:
        client = surveyor if rule.endpoint.startswith("surveys.") else leader
        if rule.endpoint in BY_THE_AUTHOR:
            client = role_clients[Role.REP]
        if rule.endpoint.startswith(("admin.", "audit.")):  # the admin's own pages
            client = role_clients[Role.ADMIN]
        path = fill(rule, ids)
        response = client.get(path, headers=api if rule.rule.startswith("/api/") else None)
        refusal = REFUSED_WITHOUT_A_SIGN_IN.get(rule.endpoint)
        if response.status_code >= 400 and response.status_code != refusal:
            failures.append(f"GET {path}: {response.status_code}, not the page itself")
        failures += [f"GET {path}: {p}" for p in header_problems(response, page=True)]

    statics = [r for r in app.url_map.iter_rules() if is_static(r)]
    for rule in statics:
        path = a_static_file(app, rule)
        response = leader.get(path)
        response.close()
        if response.status_code != 200:
            failures.append(f"GET {path}: {response.status_code}")
        failures += [f"GET {path}: {p}" for p in header_problems(response, page=False)]
    assert not failures, "\n".join(failures)

    record_property("headers_routes", len(rules))
    record_property("headers_static_routes", len(statics))
    summary(
        f"headers: {len(rules)} GET routes and {len(statics)} static folders send CSP, nosniff "
        f"and Referrer-Policy; every page (the {len(RESULT_PAGES)} result pages included) "
        "no-store"
    )


def test_error_pages_and_redirects_send_the_security_headers(
    client: FlaskClient, leader_client: FlaskClient, rep_client: FlaskClient
) -> None:
    """A refusal is a page too, and names who is signed in: its headers must hold as well,
    also when no route matched (an unknown address, a wrong method)."""
    leader, rep = leader_client, rep_client
    cases = [
        ("redirect to sign in", client.get("/"), 302),
        ("missing id", leader.get("/campaigns/999999"), 404),
        ("unknown address", leader.get("/no-such-page"), 404),
        ("wrong role", rep.get("/campaigns/"), 403),
        ("wrong method", leader.get("/auth/logout"), 405),
    ]
    for name, response, status in cases:
        assert response.status_code == status, name
        assert header_problems(response, page=True) == [], name
