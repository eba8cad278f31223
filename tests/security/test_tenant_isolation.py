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
from werkzeug.routing import Rule

from survey_app.models import Role
from tests.security.conftest import (
    ROLES,
    Summary,
    Tenant,
    fill,
    plausible_form,
    walked_rules,
)
from tests.security.snapshot import changed_tables, snapshot

# URL arguments that are not an organisation's object id, with the reason they are not tried.
NOT_TENANT_SCOPED = {
    # A survey link is a bearer secret for respondents, who have no account: whoever holds it
    # may answer, whatever organisation they belong to (DESIGN "Anonymity").
    "token": "the survey link is a bearer secret for respondents, not an organisation's id",
}

# Pages that list an organisation's objects: when a role may see them, A's own names must show,
# which proves that the search for B's names below looks at real content.
LIST_PAGES = {
    "/companies/": (Role.LEADER, Role.ADMIN),
    "/campaigns/": (Role.LEADER, Role.ADMIN),
    "/campaigns/new": (Role.LEADER, Role.ADMIN),
    "/prospects/": ROLES,
    "/prospects/new": ROLES,
    "/self-check/": ROLES,
}


def object_ids(a: Tenant, b: Tenant) -> dict[str, tuple[list[int], list[int]]]:
    """For each URL argument naming an object: (B's ids to try, A's ids to mix with them)."""
    return {
        "campaign_id": ([b.results_campaign_id, b.open_campaign_id], [a.results_campaign_id]),
        # A prospect is a company too: its id must not open B's company pages either.
        "company_id": ([b.company_id, b.prospect_id], [a.company_id]),
        "prospect_id": ([b.prospect_id], [a.prospect_id]),
        "assessment_id": ([b.assessment_id], [a.assessment_id]),
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
        if not rule.arguments:
            continue
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
            body = response.get_data(as_text=True)
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
