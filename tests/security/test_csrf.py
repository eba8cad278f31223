"""CSRF: every POST without its session's token is refused, and no GET changes state.

Both walks go over the URL map, so a new route is tried as soon as it exists; a new endpoint
fails the test until the tables below say who may use it. The suite's app has CSRF off for
convenience; here it is switched on (CSRFProtect reads ``WTF_CSRF_ENABLED`` on each request, in
its ``before_request`` hook, and FlaskForm when each form is built), and everybody signs in
through the real login form with its token.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from survey_app.audit import actions as audit_actions
from survey_app.models import Role
from tests import factories
from tests.security.conftest import (
    Summary,
    Tenant,
    csrf_token_of,
    fill,
    plausible_form,
    require_known,
    respondent,
    walked_rules,
)
from tests.security.optout import signed_optout
from tests.security.scoped import ScopedLeader, build_scoped_leader
from tests.security.snapshot import changed_tables, snapshot

# The token is checked before any view touches the database.
pytestmark = pytest.mark.engine_independent

ANONYMOUS = "anonymous"
OPEN_LINK_RESPONDENT = "open-link respondent"
INVITED_RESPONDENT = "invited respondent"
# Issue 14's team-scoped viewer: A's leader limited to A's Sales team (tests/security/scoped.py).
# Both walks try it beside the leader: on the leader's POST routes, and on every GET.
SCOPED_LEADER = "team-scoped leader"

# Who may use each POST route: the refusal must come from the missing token, not the role.
POST_USERS: dict[str, str] = {
    "auth.login": ANONYMOUS,
    "auth.logout": Role.REP,
    "campaigns.close": Role.LEADER,
    "campaigns.create": Role.LEADER,
    "campaigns.delete": Role.LEADER,
    "campaigns.edit": Role.LEADER,
    "campaigns.invite_csv": Role.LEADER,
    "campaigns.invite_emails": Role.LEADER,
    "campaigns.invite_links": Role.LEADER,
    "campaigns.open": Role.LEADER,
    "campaigns.open_link": Role.LEADER,
    "campaigns.remind": Role.LEADER,
    "campaigns.reopen": Role.LEADER,
    "campaigns.resend_links": Role.LEADER,
    "campaigns.send_unsent": Role.LEADER,
    "campaigns.retry_mail": Role.LEADER,  # queues the failed mails again
    "optout.confirm": ANONYMOUS,  # one-click opt-out: exempt, see TOKENLESS
    "companies.create": Role.ADMIN,
    "companies.delete": Role.ADMIN,
    "companies.edit": Role.ADMIN,
    "prospects.assess": Role.REP,  # the rep owns A's prospect and wrote its assessment
    "prospects.create": Role.REP,
    "prospects.delete": Role.REP,  # the rep owns A's prospect
    "actions.new_from_campaign": Role.LEADER,
    "actions.new_from_prospect": Role.LEADER,
    "actions.edit": Role.LEADER,
    "actions.status": Role.LEADER,
    "actions.delete": Role.LEADER,
    "strategy_sessions.new_for_campaign": Role.LEADER,
    "strategy_sessions.new_for_prospect": Role.LEADER,
    "strategy_sessions.add_decision": Role.LEADER,
    "strategy_sessions.add_action": Role.LEADER,
    "strategy_sessions.delete": Role.LEADER,
    "comments.hide": Role.LEADER,
    "comments.tags": Role.LEADER,
    "prospects.delete_assessment": Role.REP,
    "prospects.edit": Role.REP,
    "prospects.outcome": Role.REP,  # the rep owns A's prospect
    "selfcheck.erase": Role.REP,
    "selfcheck.index": Role.LEADER,
    "surveys.begin": OPEN_LINK_RESPONDENT,
    "surveys.submit": INVITED_RESPONDENT,
    "account.change_name": Role.REP,
    "account.change_password": Role.REP,  # refused without the current password
    "account.sign_out_others": Role.REP,
    "account.change_language": Role.REP,  # the rep's own language
    "admin.change_role": Role.ADMIN,
    "admin.erase": Role.ADMIN,  # A's extra user, as the other actions of the users page
    "admin.deactivate": Role.ADMIN,  # A's extra user (real_ids), never one who walks
    "admin.invite": Role.ADMIN,
    "admin.reactivate": Role.ADMIN,
    "admin.send_link": Role.ADMIN,
    "admin.team_scope": Role.ADMIN,  # A's extra user is a rep: refused (422), nothing saved
    "admin.settings": Role.ADMIN,  # refused by the form without the band fields: nothing saved
    "admin.sso": Role.ADMIN,  # refused by the form without an issuer: nothing saved
    "auth.sso_start": ANONYMOUS,  # the sign-in page's single sign-on form
    "password.forgot": ANONYMOUS,
    "reports.campaign_retry": Role.LEADER,  # asks for the PDF again (renders inline in tests)
    "reports.company_retry": Role.LEADER,
    "password.set_password": ANONYMOUS,
    "account.create_token": Role.LEADER,  # refused by the form without a scope: nothing made
    "account.revoke_token": Role.LEADER,  # the leader's own token (real_ids)
    "admin.webhooks": Role.ADMIN,  # refused by the form without an address: nothing added
    "admin.delete_webhook": Role.ADMIN,
    # The API (/api/v1) is exempt from CSRF: only a bearer token opens it, never the cookie.
    # Walked below with the cookie alone, the session's own CSRF token included: 401, nothing.
    "api.create_campaign": Role.LEADER,
    "api.open_campaign": Role.LEADER,
    "api.close_campaign": Role.LEADER,
    "api.add_invitations": Role.LEADER,
}

# Posts a mail client sends with no page and no session (RFC 8058's one-click opt-out): the
# signed link authorises them, so no token is asked (tests/test_mail_queue.py tries it).
TOKENLESS = {"optout.confirm"}

# The posts that delete one of A's objects (with everything it owns).
DELETES = {"campaigns.delete", "companies.delete", "prospects.delete", "admin.erase"}
DELETES |= {"actions.delete", "strategy_sessions.delete"}
DELETES |= {"admin.delete_webhook"}
API_PREFIX = "/api/"
# The posts that render a PDF again (inline in tests, seconds each).
RENDERS = {"reports.campaign_retry", "reports.company_retry"}

# Where each visitor finds a form, and so the token of its own session.
TOKEN_PAGES = {
    ANONYMOUS: "/auth/login",
    OPEN_LINK_RESPONDENT: "/survey",
    INVITED_RESPONDENT: "/survey/answers",
    Role.LEADER: "/self-check/",
    Role.REP: "/self-check/",
    Role.ADMIN: "/self-check/",
    SCOPED_LEADER: "/self-check/",
}


@pytest.fixture
def csrf_on(app: Flask) -> Iterator[Flask]:
    app.config["WTF_CSRF_ENABLED"] = True

    @app.before_request
    def _forget_cached_token() -> None:
        # Flask-WTF keeps the session's token in ``g``, which outlives a request here (the
        # fixture holds one app context): another browser would be shown the first one's.
        g.pop("csrf_token", None)
        g.pop("csrf_valid", None)

    yield app
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def scoped_leader(tenant_a: Tenant) -> ScopedLeader:
    return build_scoped_leader(tenant_a)


def real_ids(t: Tenant) -> dict[str, list[object]]:
    """Organisation A's own ids for each URL argument: the routes work, with content."""
    return {
        "campaign_id": [t.results_campaign_id],
        "company_id": [t.company_id],
        "prospect_id": [t.prospect_id],
        "assessment_id": [t.assessment_id],
        "action_id": [t.action_id],
        "session_id": [t.session_id],
        "comment_id": [t.comment_id],
        "token": [t.invitation_token, t.open_link_token],
        "signed": [signed_optout(t.invitation_token)],  # the mail's opt-out link
        "user_id": [_extra_user(t)],
        "token_id": [_leaders_token(t)],
        "endpoint_id": [_webhook_endpoint(t)],
    }


def _extra_user(t: Tenant) -> int:
    """A user of A whom nobody walks as: the users page's actions (deactivate...) act on them."""
    from survey_app.extensions import db
    from survey_app.models import Organization

    org = db.session.get(Organization, t.org_id)
    assert org is not None
    return factories.make_user(org, Role.REP, email="extra@acmeward.example").id


def _leaders_token(t: Tenant) -> int:
    """An API token of A's leader, who may revoke it."""
    from sqlalchemy import select

    from survey_app.extensions import db
    from survey_app.models import ApiToken
    from tests.api_tokens import make_token

    make_token(t.user(Role.LEADER))
    return int(db.session.scalar(select(ApiToken.id).order_by(ApiToken.id.desc())) or 0)


def _webhook_endpoint(t: Tenant) -> int:
    """A webhook endpoint of A, on an address nothing listens at (it hears of no event here)."""
    from survey_app.extensions import db
    from survey_app.models import WebhookEndpoint

    endpoint = WebhookEndpoint(
        organization_id=t.org_id, url="http://127.0.0.1:9/hooks", secret="whsec_walk", events=[]
    )
    db.session.add(endpoint)
    db.session.commit()
    return endpoint.id


def every_path(rule: Rule, ids: dict[str, list[object]]) -> list[str]:
    """The rule filled with each combination of ids; an unmapped argument fails the test."""
    names = sorted(rule.arguments)
    if any(n not in ids for n in names):
        fill(rule, {n: ids[n][0] for n in names if n in ids})  # fails, naming the argument
    return [
        fill(rule, dict(zip(names, combo, strict=True)))
        for combo in itertools.product(*(ids[n] for n in names))
    ]


def form(t: Tenant, token: str | None) -> dict[str, object]:
    """What every form of A would accept (the login form too), with ``token`` if any."""
    data = plausible_form(t.team_ids, t.users[Role.REP])
    data |= {"email": t.user(Role.LEADER).email, "password": factories.PASSWORD}
    if token is not None:
        data["csrf_token"] = token
    return data


def sign_in(app: Flask, email: str) -> FlaskClient:
    """Sign in through the login form, token included, as a browser would."""
    client = app.test_client()
    token = csrf_token_of(client.get("/auth/login").get_data(as_text=True))
    data = {"email": email, "password": factories.PASSWORD, "csrf_token": token}
    response = client.post("/auth/login", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def visitor(
    app: Flask, tenant: Tenant, who: str, scoped: ScopedLeader | None = None
) -> tuple[FlaskClient, str]:
    """A browser of ``who`` (a role of A, A's team-scoped leader, an anonymous visitor or a
    respondent), and the CSRF token of its session, read from a form it was shown."""
    if who == SCOPED_LEADER:
        assert scoped is not None
        client = sign_in(app, scoped.user().email)
    elif who == OPEN_LINK_RESPONDENT:
        client = respondent(app, tenant.open_link_token)
    elif who == INVITED_RESPONDENT:
        client = respondent(app, tenant.invitation_token)
    elif who == ANONYMOUS:
        client = app.test_client()
    else:
        client = sign_in(app, tenant.user(Role(who)).email)
    page = client.get(TOKEN_PAGES[who])
    assert page.status_code == 200, (who, page.status_code)
    return client, csrf_token_of(page.get_data(as_text=True))


def test_every_post_without_its_token_is_refused(
    csrf_on: Flask,
    tenant_a: Tenant,
    scoped_leader: ScopedLeader,
    record_property,
    summary: Summary,
) -> None:
    """Each POST route, used by someone allowed to, with A's real ids and a form that would be
    accepted: without the token of its own session it is a 400 and nothing is stored. The
    team-scoped leader tries each of the leader's routes too, in the same way."""
    app, ids = csrf_on, real_ids(tenant_a)
    rules = walked_rules(app, "POST")
    require_known(POST_USERS, rules, "POST routes")
    # A genuine token, but of another browser's session: what a forging site could obtain.
    _, foreign_token = visitor(app, tenant_a, ANONYMOUS)
    wrong_tokens = {"no token": None, "another session's token": foreign_token, "junk": "x" * 40}

    browsers = {who: visitor(app, tenant_a, who) for who in sorted(set(POST_USERS.values()))}
    browsers[SCOPED_LEADER] = visitor(app, tenant_a, SCOPED_LEADER, scoped_leader)

    def users_of(endpoint: str) -> list[str]:
        who = POST_USERS[endpoint]
        return [who, SCOPED_LEADER] if who == Role.LEADER else [who]

    failures: list[str] = []
    requests = 0
    for rule in rules:
        if rule.endpoint in TOKENLESS:
            continue
        path = fill(rule, {name: values[0] for name, values in ids.items()})
        before = snapshot()
        # The API answers a cookie, token or not, with 401: it is not the CSRF token it lacks.
        refused = 401 if rule.rule.startswith(API_PREFIX) else 400
        for who in users_of(rule.endpoint):
            client, _ = browsers[who]
            for label, wrong in wrong_tokens.items():
                response = client.post(path, data=form(tenant_a, wrong))
                requests += 1
                if response.status_code != refused:
                    failures.append(f"{who} POST {path} with {label}: {response.status_code}")
        if changed := changed_tables(before, snapshot()):
            failures.append(f"POST {path} without a good token changed {changed}")
    # The same posts with the session's own token get through: the token, and nothing else
    # about the requests, is what was refused. The deletes go after every other post, so that
    # each of those still finds A's objects; signing out ends every session of the user, so
    # it goes last.
    for rule in sorted(rules, key=lambda r: (r.endpoint == "auth.logout", r.endpoint in DELETES)):
        path = fill(rule, {name: values[0] for name, values in ids.items()})
        for who in users_of(rule.endpoint):
            if who == SCOPED_LEADER and rule.endpoint in RENDERS:
                continue  # renders the PDF again, seconds each: the leader's post shows it
            client, token = browsers[who]
            if rule.rule.startswith(API_PREFIX):  # the session's own CSRF token opens no API call
                before = snapshot()
                status = client.post(path, data=form(tenant_a, token)).status_code
                if status != 401 or changed_tables(before, snapshot()):
                    failures.append(f"{who} POST {path} with its cookie and CSRF token: {status}")
                continue
            if client.post(path, data=form(tenant_a, token)).status_code == 400:
                failures.append(f"{who} POST {path} with its own token: refused too")
    assert not failures, "\n".join(failures)

    scoped_routes = sum(POST_USERS[r.endpoint] == Role.LEADER for r in rules)
    record_property("csrf_post_routes", len(rules))
    record_property("csrf_scoped_leader_routes", scoped_routes)
    record_property("csrf_refused_requests", requests)
    summary(
        f"csrf: {len(rules)} POST routes x {len(wrong_tokens)} bad tokens "
        f"({', '.join(wrong_tokens)}), the leader's {scoped_routes} also by the team-scoped "
        f"leader = {requests} requests, all refused, nothing stored changed; "
        "each got through with its session's token"
    )


# Who walks every GET route: each role of A, A's team-scoped leader, and respondents holding a
# survey session.
GET_VISITORS = (Role.LEADER, Role.REP, Role.ADMIN, SCOPED_LEADER)
GET_VISITORS += (INVITED_RESPONDENT, OPEN_LINK_RESPONDENT)
# The PDFs take a second or two each and run the same read-only code for every role: each is
# fetched once, by the leader, who may download all of them.
PDFS = {"reports.campaign_pdf", "reports.company_pdf", "prospects.one_pager"}
PDFS |= {"strategy_sessions.pre_read", "strategy_sessions.deck"}  # the deck draws charts too
# A download is recorded in the audit log: the one write a GET makes, checked on its own.
# Opening a PDF may also store its render (survey_app/reports/store.py): a cache of what the
# report prints, which changes no data anyone sees.
AUDIT = frozenset({"audit_entries", "report_renders"})
# The provider's way back from single sign-on is a GET that writes by design (the account, the
# device, the audit's "sign in"), but only with the state of a sign-in this browser set off
# (tests/test_sso.py walks the whole flow): here every visitor is refused, and nothing stored.
REFUSED_WITHOUT_A_SIGN_IN = {"auth.sso_callback"}


def test_no_get_changes_state(
    csrf_on: Flask,
    tenant_a: Tenant,
    scoped_leader: ScopedLeader,
    record_property,
    summary: Summary,
) -> None:
    """Visiting a page, a download or a survey link stores nothing. Even ``/s/<token>`` only
    reads (``resolve_token``) and keeps the respondent's place in the signed session cookie."""
    app, ids = csrf_on, real_ids(tenant_a)
    # Survey links last: following one moves a respondent's session to that link's survey.
    rules = sorted(walked_rules(app, "GET"), key=lambda r: "token" in r.arguments)
    rules = [r for r in rules if not r.rule.startswith(API_PREFIX)]  # the next test walks them
    require_known({e: True for e in PDFS}, [r for r in rules if r.rule.endswith(".pdf")], "PDFs")
    walk = [(rule.endpoint, path) for rule in rules for path in every_path(rule, ids)]
    browsers = {who: visitor(app, tenant_a, who, scoped_leader)[0] for who in GET_VISITORS}
    failures: list[str] = []
    reached: dict[str, bool] = {}
    requests = 0
    before = snapshot(AUDIT)
    first_entry = _last_audit_id()
    for endpoint, path in walk:
        for who, client in browsers.items():
            if endpoint in PDFS and who != Role.LEADER:
                continue
            response = client.get(path)
            requests += 1
            reached[path] = reached.get(path, False) or response.status_code < 400
            reached[path] |= endpoint in REFUSED_WITHOUT_A_SIGN_IN
            if response.status_code >= 500:
                failures.append(f"{who} GET {path}: {response.status_code}")
        after = snapshot(AUDIT)
        if changed := changed_tables(before, after):
            failures.append(f"GET {path} changed {', '.join(changed)}")
            before = after
    recorded = _audit_actions_since(first_entry)
    if set(recorded) - audit_actions.READS:
        failures.append(f"GETs recorded more than reads in the audit log: {sorted(recorded)}")
    # The walk must reach the pages themselves, not only 404s and refusals.
    unreached = sorted(path for path, ok in reached.items() if not ok)
    assert not unreached, f"no visitor could open: {unreached}"
    assert not failures, "\n".join(failures)

    record_property("get_routes", len(walk))
    record_property("get_visitors", len(GET_VISITORS))
    record_property("get_requests", requests)
    summary(
        f"no GET changes state: {len(walk)} GET routes x {len(GET_VISITORS)} visitors "
        f"(3 roles, the team-scoped leader, 2 respondents; the {len(PDFS)} PDFs by the leader "
        "only) "
        f"= {requests} requests, nothing stored changed but the audit log's "
        f"{len(recorded)} records of downloads"
    )


def _last_audit_id() -> int:
    from sqlalchemy import func, select

    from survey_app.extensions import db
    from survey_app.models import AuditEntry

    db.session.rollback()
    return int(db.session.scalar(select(func.max(AuditEntry.id))) or 0)


def _audit_actions_since(entry_id: int) -> list[str]:
    from sqlalchemy import select

    from survey_app.extensions import db
    from survey_app.models import AuditEntry

    db.session.rollback()
    return list(db.session.scalars(select(AuditEntry.action).where(AuditEntry.id > entry_id)))


def test_no_api_get_changes_state(
    csrf_on: Flask, tenant_a: Tenant, record_property, summary: Summary
) -> None:
    """Every GET of the API, with a token of each scope: nothing stored changes, and each is
    reached (2xx) by a token that may read it."""
    from survey_app.models import TokenScope
    from tests.api_tokens import bearer, make_token

    app, ids = csrf_on, real_ids(tenant_a)
    rules = [r for r in walked_rules(app, "GET") if r.rule.startswith(API_PREFIX)]
    tokens = {scope: bearer(make_token(tenant_a.user(Role.LEADER), scope)) for scope in TokenScope}
    client = app.test_client()
    failures: list[str] = []
    requests = 0
    before = snapshot()
    for rule in rules:
        for path in every_path(rule, ids):
            statuses = []
            for headers in tokens.values():
                statuses.append(client.get(path, headers=headers).status_code)
                requests += 1
            if not any(200 <= status < 300 for status in statuses):
                failures.append(f"GET {path}: no token reached it ({statuses})")
            if changed := changed_tables(before, snapshot()):
                failures.append(f"GET {path} changed {', '.join(changed)}")
                before = snapshot()
    assert not failures, "\n".join(failures)
    record_property("api_get_requests", requests)
    summary(
        f"no API GET changes state: {len(rules)} API GET routes x {len(tokens)} token scopes "
        f"= {requests} requests, nothing stored changed"
    )
