"""Tenant isolation: organisation A's users, whatever their role, never reach organisation B.

Every route that takes an object id is found by walking the URL map, so a new route is tried
without anyone remembering to add it; a new kind of id fails the test until it is mapped below.
For each role of A, every method of every such route with B's ids answers 404 (exactly like a
missing id: DESIGN "Quality bars") and changes nothing that is stored. The pages without an id
(lists, forms with choices, the self-check) never show B's names.
"""

from __future__ import annotations

import itertools

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.routing import Rule

from survey_app.extensions import db
from survey_app.models import ApiToken, OrgSettings, Role, TokenScope, WebhookEndpoint
from tests.api_tokens import bearer, make_token
from tests.security.conftest import (
    ROLES,
    Summary,
    Tenant,
    fill,
    plausible_form,
    walked_rules,
)
from tests.security.scoped import build_scoped_leader
from tests.security.snapshot import changed_tables, snapshot

# URL arguments that are not an organisation's object id, with the reason they are not tried.
NOT_TENANT_SCOPED = {
    # A survey link is a bearer secret for respondents, who have no account: whoever holds it
    # may answer, whatever organisation they belong to (DESIGN "Anonymity").
    "token": "the survey link is a bearer secret for respondents, not an organisation's id",
    # The opt-out link in an invitation mail: the invitation's id signed with SECRET_KEY, for the
    # person mailed, who has no account (a forged or altered one is a 404).
    "signed": "the mail's opt-out link is a signed bearer link, not an organisation's id",
}

API_PREFIX = "/api/"
# What the API's writes are sent (by the route's last part): what it would accept for A's own.
API_BODIES = {
    "invitations": {"emails": ["intruder@example.com"]},
    "campaigns": {"company_id": 0, "title": "Taken over", "instruments": ["teamwork_scorecard"]},
}


# Pages that list an organisation's objects: when a role may see them, A's own names must show,
# which proves that the search for B's names below looks at real content.
LIST_PAGES = {
    "/companies/": (Role.LEADER, Role.ADMIN),
    "/campaigns/": (Role.LEADER, Role.ADMIN),
    "/campaigns/new": (Role.LEADER, Role.ADMIN),
    "/": ROLES,  # the home page: A's open campaign (leaders, admins), A's prospect (the rep)
    "/prospects/": ROLES,
    "/prospects/new": ROLES,
    "/self-check/": ROLES,
    "/admin/users": (Role.ADMIN,),
    "/admin/audit": (Role.ADMIN,),
}


def _token_id(org_id: int) -> int:
    """The id of a new API token (survey_app/account/tokens.py) of a new leader of the
    organisation: a token none of the walking users owns."""
    from survey_app.models import Organization
    from tests import factories

    org = db.session.get(Organization, org_id)
    assert org is not None
    user = factories.make_user(org, Role.LEADER)
    make_token(user)
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert token is not None
    return token.id


def _endpoint_id(org_id: int) -> int:
    """The id of a new webhook endpoint of the organisation (it listens to no event)."""
    endpoint = WebhookEndpoint(
        organization_id=org_id, url="http://127.0.0.1:9/hooks", secret="whsec_walk", events=[]
    )
    db.session.add(endpoint)
    db.session.commit()
    return endpoint.id


def object_ids(a: Tenant, b: Tenant) -> dict[str, tuple[list[int], list[int]]]:
    """For each URL argument naming an object: (B's ids to try, A's ids to mix with them)."""
    return {
        # API tokens are revoked by their owner only: B's, and one of A's that is nobody's here.
        "token_id": ([_token_id(b.org_id), _token_id(a.org_id)], []),
        # Webhook endpoints are an organisation's, on its settings page.
        "endpoint_id": ([_endpoint_id(b.org_id)], [_endpoint_id(a.org_id)]),
        "campaign_id": ([b.results_campaign_id, b.open_campaign_id], [a.results_campaign_id]),
        # A prospect is a company too: its id must not open B's company pages either.
        "company_id": ([b.company_id, b.prospect_id], [a.company_id]),
        "prospect_id": ([b.prospect_id], [a.prospect_id]),
        "assessment_id": ([b.assessment_id], [a.assessment_id]),
        "action_id": ([b.action_id], [a.action_id]),
        "session_id": ([b.session_id], [a.session_id]),
        "comment_id": ([b.comment_id], [a.comment_id]),
        # The users page's actions: B's admin and B's leader.
        "user_id": ([b.users[Role.ADMIN], b.users[Role.LEADER]], [a.users[Role.LEADER]]),
    }


def id_combinations(
    rule: Rule, ids: dict[str, tuple[list[int], list[int]]]
) -> list[dict[str, int]]:
    """Each way to fill the rule with B's ids, and, on nested routes, with A's and B's mixed
    (A's prospect with B's assessment): never all of A's, which A may rightly use."""
    names = sorted(rule.arguments)
    if any(n not in ids for n in names):
        fill(rule, {n: 0 for n in names if n in ids})  # fails: says what to add to object_ids
    choices = [
        [(value, True) for value in ids[n][0]]
        + ([(value, False) for value in ids[n][1]] if len(names) > 1 else [])
        for n in names
    ]
    return [
        {n: value for n, (value, _) in zip(names, combo, strict=True)}
        for combo in itertools.product(*choices)
        if any(foreign for _, foreign in combo)
    ]


def test_every_role_gets_404_for_every_route_with_another_organisations_id(
    app: Flask,
    tenant_a: Tenant,
    tenant_b: Tenant,
    role_clients: dict[Role, FlaskClient],
    record_property,
    summary: Summary,
) -> None:
    ids = object_ids(tenant_a, tenant_b)
    routes: list[tuple[str, str]] = []  # (method, path)
    walked: list[Rule] = []
    skipped: list[str] = []
    for rule in walked_rules(app):
        if not rule.arguments or rule.rule.startswith(API_PREFIX):
            continue  # the API's routes: test_every_api_token_scope_gets_404_... below
        if set(rule.arguments) & set(NOT_TENANT_SCOPED):
            skipped.append(rule.rule)
            continue
        walked.append(rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            for values in id_combinations(rule, ids):
                routes.append((method, fill(rule, values)))
    # Every kind of id mapped above was met: the walk is not empty, and no mapping is stale.
    assert {a for r in walked for a in r.arguments} == set(ids)

    failures: list[str] = []
    before = snapshot()
    for method, path in routes:
        for role, client in role_clients.items():
            # A's user posts what would take B's object over: own user as owner, B's teams.
            data = (
                plausible_form(tenant_b.team_ids, tenant_a.users[Role.REP])
                if method == "POST"
                else None
            )
            response = client.open(path, method=method, data=data)
            if response.status_code != 404:
                failures.append(f"{role.value} {method} {path}: {response.status_code}")
        after = snapshot()
        if changed := changed_tables(before, after):
            failures.append(f"{method} {path} changed {', '.join(changed)}")
            before = after
    assert not failures, "\n".join(failures)

    requests = len(routes) * len(role_clients)
    record_property("tenant_isolation_routes", len(walked))
    record_property("tenant_isolation_method_and_id_combinations", len(routes))
    record_property("tenant_isolation_roles", len(role_clients))
    record_property("tenant_isolation_requests", requests)
    summary(
        f"tenant isolation: {len(walked)} routes with an object id "
        f"({len(routes)} method and id combinations) x {len(role_clients)} roles "
        f"= {requests} requests, all 404, nothing stored changed; "
        f"not tried: {', '.join(skipped)} ({', '.join(NOT_TENANT_SCOPED.values())})"
    )


def test_pages_without_an_id_never_show_another_organisations_names(
    app: Flask,
    tenant_a: Tenant,
    tenant_b: Tenant,
    role_clients: dict[Role, FlaskClient],
    record_property,
    summary: Summary,
) -> None:
    pages = [r.rule for r in walked_rules(app, "GET") if not r.arguments]
    assert set(LIST_PAGES) <= set(pages), "a list page of this test is gone from the URL map"
    failures: list[str] = []
    for role, client in role_clients.items():
        for path in pages:
            response = client.get(path, follow_redirects=True)
            body = response.get_data().decode("utf-8", "replace")  # the logo is a PNG
            if response.status_code >= 500:
                failures.append(f"{role.value} {path}: {response.status_code}")
            failures += [f"{role.value} {path} shows {n!r}" for n in tenant_b.names if n in body]
            # A list page a role may see must show A's own objects (or colleagues, on the
            # prospect form): the search above then looks at real content, and could find a
            # leak. The signed-in user's own name is in the menu bar of every page: not proof.
            own = [n for n in tenant_a.names if n not in tenant_a.person(role)]
            shows_own = response.status_code == 200 and any(n in body for n in own)
            if role in LIST_PAGES.get(path, ()) and not shows_own:
                failures.append(f"{role.value} {path}: none of A's own names shown")
    assert not failures, "\n".join(failures)

    requests = len(pages) * len(role_clients)
    record_property("tenant_isolation_pages_without_id", len(pages))
    record_property("tenant_isolation_pages_without_id_requests", requests)
    summary(
        f"tenant isolation: {len(pages)} pages without an id x {len(role_clients)} roles "
        f"= {requests} requests, none shows organisation B's names"
    )


def test_the_logo_route_serves_each_organisation_its_own(
    tenant_a: Tenant, tenant_b: Tenant, role_clients: dict[Role, FlaskClient], summary: Summary
) -> None:
    """``/branding/logo.png`` takes no id: it is the signed-in user's organisation's logo."""
    own = db.session.get(OrgSettings, tenant_a.org_id)
    other = db.session.get(OrgSettings, tenant_b.org_id)
    assert own is not None
    assert other is not None
    assert own.logo_png != other.logo_png
    for role, client in role_clients.items():
        response = client.get("/branding/logo.png")
        assert response.status_code == 200, role
        assert response.get_data() == own.logo_png, role
    summary(f"tenant isolation: the logo route, {len(role_clients)} roles, each gets its own")



def test_a_team_scoped_leader_gets_404_outside_their_teams_and_no_company_wide_figure(
    app: Flask, tenant_a: Tenant, tenant_b: Tenant, record_property, summary: Summary
) -> None:
    """The scoped role (issue 14, part 3): A's leader limited to A's Sales team. Every route
    with an id answers 404 for A's objects outside the scope (another company of A, its
    campaign, A's prospect and assessment) exactly as for B's; no page shows an out-of-scope
    name; and the pages in scope show the team's figures, not the company's."""
    from tests.conftest import login

    scoped = build_scoped_leader(tenant_a)
    client = login(app.test_client(), scoped.user())
    foreign = object_ids(tenant_a, tenant_b)
    # A's objects outside the scope, and one of B's (B's others are walked above).
    outside = {n: [*scoped.out_of_scope.get(n, []), *b[:1]] for n, (b, _) in foreign.items()}
    routes: list[tuple[str, str]] = []
    for rule in walked_rules(app):
        if not rule.arguments or rule.rule.startswith("/api/"):
            continue  # the API authenticates with tokens, walked on its own above
        if set(rule.arguments) & set(NOT_TENANT_SCOPED):
            continue
        names = sorted(rule.arguments)
        if any(n not in outside for n in names):
            fill(rule, {})  # fails: says what to add to object_ids
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            for combo in itertools.product(*(outside[n] for n in names)):
                routes.append((method, fill(rule, dict(zip(names, combo, strict=True)))))
    failures: list[str] = []
    before = snapshot()
    for method, path in routes:
        post = method == "POST"
        data = plausible_form(tenant_a.team_ids, tenant_a.users[Role.REP]) if post else None
        response = client.open(path, method=method, data=data)
        if response.status_code != 404:
            failures.append(f"scoped leader {method} {path}: {response.status_code}")
        if changed := changed_tables(before, snapshot()):
            failures.append(f"scoped leader {method} {path} changed {', '.join(changed)}")
            before = snapshot()

    hidden = (*scoped.hidden_names, *tenant_b.names)
    pages = [r.rule for r in walked_rules(app, "GET") if not r.arguments]
    for path in pages:
        response = client.get(path, follow_redirects=True)
        body = response.get_data().decode("utf-8", "replace")
        if response.status_code >= 500:
            failures.append(f"scoped leader {path}: {response.status_code}")
        failures += [f"scoped leader {path} shows {n!r}" for n in hidden if n in body]
    sales, own_company, own_wave = scoped.own_names
    lists = {"/campaigns/": (own_company, own_wave), "/companies/": (own_company, sales)}
    for path, own in lists.items():  # their lists show their own objects: real content
        body = client.get(path).get_data(as_text=True)
        failures += [f"scoped leader {path} does not list {n!r}" for n in own if n not in body]
    # In scope: the team's figures (5 responses), never the company's (10).
    campaign, company = tenant_a.results_campaign_id, tenant_a.company_id
    in_scope = [
        f"/campaigns/{campaign}/dashboard",
        f"/campaigns/{campaign}/dashboard?team={tenant_a.team_ids[1]}",
        f"/companies/{company}",
        f"/companies/{company}/trends",
        f"/campaigns/{tenant_a.open_campaign_id}/dashboard",
    ]
    for path in in_scope:
        response = client.get(path)
        body = response.get_data(as_text=True)
        if response.status_code != 200:
            failures.append(f"scoped leader {path}: {response.status_code}, not their page")
        failures += [f"scoped leader {path} shows {n!r}" for n in hidden if n in body]
        if ">10<" in body or "Rest of the company" in body:
            failures.append(f"scoped leader {path} shows a company-wide figure")
    board = client.get(in_scope[0]).get_data(as_text=True)
    if '<p class="kpi-value" id="kpi-responses">5</p>' not in board:
        failures.append("scoped leader: the dashboard does not show their team's 5 responses")
    export = client.get(f"/campaigns/{campaign}/export-csv.zip").get_data()
    if b"Responses,10" in export or any(n.encode() in export for n in hidden):
        failures.append("scoped leader: the CSV export holds more than their team")
    assert not failures, "\n".join(failures)

    record_property("tenant_isolation_scoped_requests", len(routes))
    summary(
        f"tenant isolation, team-scoped leader: {len(routes)} method and id combinations "
        f"outside their scope (A's other company, campaign, prospect, assessment; B's ids), "
        f"all 404, nothing stored changed; {len(pages)} pages without an id and "
        f"{len(in_scope)} pages in scope show no out-of-scope name and no company-wide figure"
    )


def _api_clients(app: Flask, a: Tenant) -> dict[str, tuple[FlaskClient, dict[str, str]]]:
    """A client and token for every API token scope, of A's leader and of A's admin."""
    tokens = {}
    for role in (Role.LEADER, Role.ADMIN):
        for scope in TokenScope:
            headers = bearer(make_token(a.user(role), scope))
            tokens[f"{role.value} {scope.value}"] = (app.test_client(), headers)
    return tokens


def test_every_api_token_scope_gets_404_for_another_organisations_ids(
    app: Flask, tenant_a: Tenant, tenant_b: Tenant, summary: Summary
) -> None:
    """/api/v1 with A's tokens (every scope, leader and admin) and B's ids: 404, nothing
    changed; the lists never show B's names; and a POST naming B's company is refused."""
    ids = object_ids(tenant_a, tenant_b)
    clients = _api_clients(app, tenant_a)
    rules = [r for r in walked_rules(app) if r.rule.startswith(API_PREFIX)]
    assert rules, "no API routes found"
    failures: list[str] = []
    before = snapshot()
    with_id = 0
    for rule in rules:
        methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        if not rule.arguments:
            continue
        with_id += 1
        for method, values in itertools.product(methods, id_combinations(rule, ids)):
            path = fill(rule, values)
            for name, (client, headers) in clients.items():
                body = API_BODIES.get(path.rsplit("/", 1)[-1]) if method == "POST" else None
                response = client.open(path, method=method, json=body, headers=headers)
                if response.status_code != 404:
                    failures.append(f"{name} {method} {path}: {response.status_code}")
            if changed := changed_tables(before, snapshot()):
                failures.append(f"{method} {path} changed {', '.join(changed)}")
                before = snapshot()
    lists = [r.rule for r in rules if not r.arguments and "GET" in (r.methods or ())]
    for name, (client, headers) in clients.items():
        for path in lists:
            response = client.get(path, headers=headers)
            text = response.get_data(as_text=True)
            failures += [f"{name} {path} shows {n!r}" for n in tenant_b.names if n in text]
            if path != "/api/v1/openapi.json" and not any(n in text for n in tenant_a.names):
                failures.append(f"{name} {path}: none of A's own objects listed")
        other = {**API_BODIES["campaigns"], "company_id": tenant_b.company_id}
        response = client.post("/api/v1/campaigns", json=other, headers=headers)
        if response.status_code not in (403, 404):  # a read token: 403 before the lookup
            failures.append(
                f"{name} POST /api/v1/campaigns for B's company: {response.status_code}"
            )
        other_list = client.get(
            f"/api/v1/campaigns?company_id={tenant_b.company_id}", headers=headers
        )
        if other_list.status_code != 404:
            failures.append(f"{name} campaigns of B's company: {other_list.status_code}")
    if changed := changed_tables(before, snapshot()):
        failures.append(f"the API changed {', '.join(changed)}")
    assert not failures, "\n".join(failures)
    summary(
        f"tenant isolation: {with_id} API routes with an id x {len(clients)} token scopes and "
        f"roles, all 404 with B's ids; {len(lists)} API lists show none of B's names"
    )
