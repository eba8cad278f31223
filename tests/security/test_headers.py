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

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from survey_app.models import Role
from tests.security.conftest import Summary, Tenant, fill, is_static, respondent, walked_rules

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


def real_ids(t: Tenant) -> dict[str, object]:
    """A's ids. The campaign is the open one, below k: its report is text only, so the PDF takes
    a fraction of a second, and the headers do not depend on what a page shows (test_csrf.py
    walks the pages full of results)."""
    return {
        "campaign_id": t.open_campaign_id,
        "company_id": t.company_id,
        "prospect_id": t.prospect_id,
        "assessment_id": t.assessment_id,
        "token": t.invitation_token,
    }


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

    failures: list[str] = []
    for rule in rules:
        client = surveyor if rule.endpoint.startswith("surveys.") else leader
        path = fill(rule, ids)
        response = client.get(path)
        if response.status_code >= 400:
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
