"""Shared ground for the security tests: two organisations with one of everything, URL-map
walking that refuses to guess, respondent sessions, and the counts printed at the end of a run.
"""

from __future__ import annotations

import io
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from survey_app.extensions import db
from survey_app.instruments import latest_versions
from survey_app.models import CampaignStatus, InvitationKind, Organization, Role, User
from tests import factories
from tests.logos import store_logo

ROLES = (Role.LEADER, Role.REP, Role.ADMIN)
# Each organisation's objects carry its marker in every name, so a page that shows another
# organisation's data is caught by a plain text search.
MARKER_A = "Acmeward"
MARKER_B = "Borealis"
SUMMARY_PROPERTY = "security_summary"
# The end-of-run summary's sections: a test's user property of that name is a line in it.
SUMMARY_SECTIONS = {
    SUMMARY_PROPERTY: "security coverage",
    "accessibility_summary": "accessibility coverage",  # tests/browser/test_every_page.py
}


@dataclass(frozen=True)
class Tenant:
    """The ids (not ORM objects, which expire between requests) of one organisation's data."""

    org_id: int
    users: dict[Role, int]
    company_id: int
    team_ids: tuple[int, ...]
    results_campaign_id: int  # closed, with k responses: every result page has content
    open_campaign_id: int  # open, with invitations and an open link: the survey pages work
    invitation_token: str
    open_link_token: str
    prospect_id: int
    assessment_id: int  # written by the rep, who owns the prospect
    action_id: int  # on the closed campaign, owned by the leader
    session_id: int  # a strategy session on the closed campaign, with a decision
    comment_id: str  # a comment on the closed campaign, shown (10 responses, threshold 8)
    names: tuple[str, ...]  # every name or note a page could show

    def person(self, role: Role) -> tuple[str, str]:
        """The name and email of the user of ``role``, as pages show them."""
        user = self.user(role)
        return user.name, user.email

    def user(self, role: Role) -> User:
        user = db.session.get(User, self.users[role])
        assert user is not None
        return user


def _named_users(org: Organization, marker: str) -> dict[Role, User]:
    users = {}
    for role in ROLES:
        user = factories.make_user(org, role, email=f"{role.value}@{marker.lower()}.example")
        user.name = f"{marker} {role.value.title()}"
        users[role] = user
    db.session.commit()
    return users


def build_tenant(org: Organization, marker: str, users: dict[Role, User] | None = None) -> Tenant:
    """One of everything in ``org``: own company with teams, a closed campaign with k responses,
    an open campaign with invitations and an open link, a prospect with an assessment, and a
    self-check with a private note for every user."""
    users = users or _named_users(org, marker)
    rep = users[Role.REP]
    company = factories.make_company(
        org, f"{marker} Own Company", teams=(f"{marker} Sales", f"{marker} Support")
    )
    results = factories.make_campaign(company, f"{marker} Spring Wave", k=5)
    factories.make_responses(results, company.teams[0], 5)
    factories.make_responses(results, company.teams[1], 5)
    results.status = CampaignStatus.CLOSED
    db.session.commit()

    open_campaign = factories.make_campaign(
        company, f"{marker} Autumn Wave", k=5, open_link=secrets.token_urlsafe(16)
    )
    invitation = factories.make_invitation(
        open_campaign, f"invitee@{marker.lower()}.example", team=company.teams[0]
    )
    factories.make_invitation(open_campaign, kind=InvitationKind.LINK)

    prospect = factories.make_prospect(
        org, owner=rep, name=f"{marker} Prospect Bank", notes=f"{marker} deal notes"
    )
    assessment = factories.make_assessment(
        prospect, rep, evidence=f"{marker} evidence", summary=f"{marker} summary"
    )
    for user in users.values():
        factories.make_self_check(user, note=f"{marker} private note")
    session, action = factories.make_session_and_action(results, users[Role.LEADER], marker)
    comment = factories.make_comment(results, f"{marker} comment text")
    store_logo(org.id)  # /branding/logo.png serves each organisation its own
    names = (
        company.name,
        *(t.name for t in company.teams),
        results.title,
        open_campaign.title,
        prospect.name,
        f"{marker} deal notes",
        f"{marker} evidence",
        f"{marker} summary",
        f"{marker} private note",
        action.title,
        session.attendees[0].name,
        session.decisions[0].text,
        comment.text,
        *(u.name for u in users.values()),
        *(u.email for u in users.values()),
    )
    assert open_campaign.open_link_token is not None
    return Tenant(
        org_id=org.id,
        users={role: user.id for role, user in users.items()},
        company_id=company.id,
        team_ids=tuple(t.id for t in company.teams),
        results_campaign_id=results.id,
        open_campaign_id=open_campaign.id,
        invitation_token=invitation.token,
        open_link_token=open_campaign.open_link_token,
        prospect_id=prospect.id,
        assessment_id=assessment.id,
        action_id=action.id,
        session_id=session.id,
        comment_id=comment.id,
        names=names,
    )


@pytest.fixture
def tenant_a(app: Flask, org: Organization, leader: User, rep: User, admin: User) -> Tenant:
    """Organisation A: the fixture users of every role, and objects of its own."""
    users = {Role.LEADER: leader, Role.REP: rep, Role.ADMIN: admin}
    for role, user in users.items():
        user.name = f"{MARKER_A} {role.value.title()}"
    db.session.commit()
    return build_tenant(org, MARKER_A, users)


@pytest.fixture
def tenant_b(app: Flask, other_org: Organization) -> Tenant:
    """Organisation B: the one whose data A's users must never reach."""
    return build_tenant(other_org, MARKER_B)


@pytest.fixture
def role_clients(app: Flask, tenant_a: Tenant) -> dict[Role, FlaskClient]:
    """A signed-in browser for each role of organisation A."""
    # Imported here: tests/conftest.py may import this module's summary hook (see below).
    from tests.conftest import login

    return {role: login(app.test_client(), tenant_a.user(role)) for role in ROLES}


def respondent(app: Flask, token: str) -> FlaskClient:
    """An anonymous browser that followed a survey link, so it holds a survey session."""
    client = app.test_client()
    response = client.get(f"/s/{token}")
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def is_static(rule: Rule) -> bool:
    """Flask's and the blueprints' file routes: they serve files, never an object's data."""
    return rule.endpoint == "static" or rule.endpoint.endswith(".static")


def walked_rules(app: Flask, method: str | None = None) -> list[Rule]:
    """Every non-static rule of the URL map (that answers ``method``), in a stable order."""
    rules = [
        r
        for r in app.url_map.iter_rules()
        if not is_static(r) and (method is None or method in (r.methods or ()))
    ]
    return sorted(rules, key=lambda r: (r.rule, r.endpoint))


def fill(rule: Rule, values: Mapping[str, object]) -> str:
    """The rule's path with each argument filled in; an argument nobody mapped fails the test,
    so a new route cannot slip through a walk unnoticed."""
    unknown = sorted(set(rule.arguments) - set(values))
    if unknown:
        pytest.fail(
            f"{rule.endpoint} ({rule.rule}) takes {', '.join(unknown)}: add "
            f"{'it' if len(unknown) == 1 else 'them'} to the argument mapping of this test, "
            "with the ids it should be tried with."
        )
    built = rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)
    assert built is not None, rule.rule
    return built[1]


def require_known(endpoints: Mapping[str, object], rules: list[Rule], what: str) -> None:
    """Every walked endpoint must be listed in ``endpoints``; otherwise say what to add."""
    missing = sorted({r.endpoint for r in rules} - set(endpoints))
    if missing:
        pytest.fail(
            f"New {what} not covered by this test: {', '.join(missing)}. Add each to the "
            "table in the test, saying who may use it and how."
        )


def plausible_form(team_ids: tuple[int, ...], owner_id: int) -> dict[str, object]:
    """A post that every form of the app would accept (extra fields are ignored), so a request
    that should be refused shows up as a changed database if it is not, not as a form error.

    ``team_ids`` are the teams of the company or campaign posted to; ``owner_id`` is a user of
    the signed-in organisation (the prospect form's owner)."""
    today = date.today()
    return {
        # companies.create and edit
        "name": "Taken over",
        "kind": "own",
        "notes": "ours now",
        "teams": [str(t) for t in team_ids],  # also the campaign form's teams
        "existing-0-id": str(team_ids[0]),
        "existing-0-name": "Taken over team",
        "existing-1-id": str(team_ids[1]),
        "existing-1-remove": "y",
        "new_teams": "Intruders",
        # campaigns.create, edit and reopen
        "title": "Taken over",
        "instruments": list(latest_versions()),
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=60)).isoformat(),
        "min_group_size": "3",
        # the invitation forms
        "emails-emails": "intruder@example.com",
        "links-count": "3",
        "open-cap": "10",
        "csv-file": (io.BytesIO(b"email\nintruder@example.com\n"), "invite.csv"),
        # prospects.create, edit and assess; the self-check
        "owner": str(owner_id),
        "deal_size": "1",
        "observed_on": today.isoformat(),
        "source": "meeting",
        "confidence": "high",
        "enemy_no_trust": "y",
        "evidence_no_trust": "Taken over",
        "summary": "Taken over",
        "note": "Taken over",
    }


# WTForms and the hand-written forms both render the name before the value.
_TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_of(page: str) -> str:
    """The CSRF token in a rendered form."""
    match = _TOKEN_RE.search(page)
    assert match, "no csrf_token field on the page"
    return match.group(1)


Summary = Callable[[str], None]


@pytest.fixture
def summary(record_property: Callable[[str, object], None]) -> Summary:
    """Record a line for the end-of-run summary (a user property: it survives pytest-xdist)."""

    def add(line: str) -> None:
        record_property(SUMMARY_PROPERTY, line)

    return add


_PRINTED = pytest.StashKey[bool]()


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Print what the security walks (and the accessibility walk) covered, from the
    properties of the tests that passed.

    Under pytest-xdist only the controller prints, and it loads this file only when a path
    under tests/security is on the command line. A plain ``pytest -n 2`` (``make test``) needs
    the hook imported into tests/conftest.py too; the guard keeps it to one print then."""
    if config.stash.get(_PRINTED, False):
        return
    config.stash[_PRINTED] = True
    for prop, title in SUMMARY_SECTIONS.items():
        lines = [
            str(value)
            for report in terminalreporter.stats.get("passed", [])
            if report.when == "call"
            for name, value in getattr(report, "user_properties", ())
            if name == prop
        ]
        if lines:
            terminalreporter.section(title)
            for line in lines:
                terminalreporter.write_line(line)
