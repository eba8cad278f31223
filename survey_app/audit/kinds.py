"""The objects the audit log names: a registry from model to kind, label and what to skip.

A model that is not here is never recorded by the session hook (survey_app/audit/tracking.py):
responses, answers, drafts, tallies, used links, devices, set-password links, sign-in failures
and self-checks. Those are a respondent's or a person's private answers, or secrets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..extensions import db
from ..models import (
    Action,
    ApiToken,
    Campaign,
    Company,
    CompanyKind,
    DealOutcome,
    Organization,
    ProspectAssessment,
    SessionDecision,
    StrategySession,
    Team,
    User,
    WebhookEndpoint,
)
from ..models.sso import SsoSettings  # its own module: the package's list is edited by many
from ..text import day  # as every page writes a date


@dataclass(frozen=True)
class Kind:
    """How one model appears in the log."""

    name: Callable[[Any], str]
    label: Callable[[Any], str]
    # Attributes whose change is not worth an entry (bookkeeping), or is one of its own.
    skipped: frozenset[str] = frozenset()
    # Attribute names shown under another name (never with the value).
    shown_as: dict[str, str] = field(default_factory=dict)


def _assessment_label(assessment: ProspectAssessment) -> str:
    company = db.session.get(Company, assessment.company_id) if assessment.company_id else None
    return f"Assessment of {company.name}" if company is not None else "Assessment"


def _outcome_label(outcome: DealOutcome) -> str:
    company = db.session.get(Company, outcome.company_id) if outcome.company_id else None
    return f"Outcome of {company.name}" if company is not None else "Deal outcome"


KINDS: dict[type, Kind] = {
    Company: Kind(
        name=lambda c: "prospect" if c.kind == CompanyKind.PROSPECT else "company",
        label=lambda c: c.name,
        skipped=frozenset({"name_key", "version"}),
    ),
    Team: Kind(name=lambda _: "team", label=lambda t: t.name),
    Campaign: Kind(
        name=lambda _: "campaign",
        label=lambda c: c.title,
        shown_as={"open_link_token": "open link"},
    ),
    ProspectAssessment: Kind(name=lambda _: "assessment", label=_assessment_label),
    DealOutcome: Kind(
        name=lambda _: "deal outcome", label=_outcome_label, skipped=frozenset({"recorded_at"})
    ),
    User: Kind(
        name=lambda _: "user",
        label=lambda u: u.email,
        # The team scope is recorded by survey_app/admin/scope.py, naming the teams.
        skipped=frozenset(
            {"session_token", "last_login_at", "session_key", "team_scoped", "scope_teams"}
        ),
        shown_as={"password_hash": "password"},
    ),
    Organization: Kind(name=lambda _: "organisation", label=lambda o: o.name),
    # An API token's digest is a secret's: only its name and prefix are shown, and revoking it
    # is a change of "revoked" (survey_app/account/tokens.py).
    ApiToken: Kind(
        name=lambda _: "API token",
        label=lambda t: f"{t.name} ({t.prefix}…, {t.scope.value})",
        skipped=frozenset({"token_hash"}),
        shown_as={"revoked_at": "revoked"},
    ),
    WebhookEndpoint: Kind(
        name=lambda _: "webhook endpoint", label=lambda e: e.url, shown_as={"secret": "secret"}
    ),
    # Single sign-on (survey_app/admin/sso_views.py): the client secret's change is named,
    # never its value.
    SsoSettings: Kind(
        name=lambda _: "single sign-on",
        label=lambda s: f"Single sign-on for {s.email_domain}",
        skipped=frozenset({"updated_at"}),
        shown_as={"client_secret": "client secret"},
    ),
    # Action plans (survey_app/actions) and strategy sessions (survey_app/strategy_sessions).
    Action: Kind(name=lambda _: "action", label=lambda a: a.title),
    StrategySession: Kind(
        name=lambda _: "strategy session", label=lambda s: f"Strategy session on {day(s.held_on)}"
    ),
    # A decision is named by its session, not quoted: the log is no place for its words.
    SessionDecision: Kind(
        name=lambda _: "decision", label=lambda _: "A strategy session's decision"
    ),
}


def kind_of(obj: object) -> Kind | None:
    return KINDS.get(type(obj))


def describe(obj: object) -> tuple[str, int | None, str]:
    """(kind, id, label) of a registered object; a label is cut to what the log keeps."""
    kind = kind_of(obj)
    if kind is None:
        raise TypeError(f"{type(obj).__name__} is not an audited kind of object")
    return kind.name(obj), getattr(obj, "id", None), str(kind.label(obj) or "")[:200]
