"""The signed-in pages offered in a user's own language are translated whole (issue 17, part 2).

A page joins ``i18n.USER_LANGUAGE_PAGES`` only once nothing on it is left in English. Each such
page is opened in French by every kind of user of the demo organisation (a leader, a rep, an
admin and a team-scoped leader), and every template it renders, with all it extends, includes
and imports, is read for English written into it (``tests/untranslated.py``).
"""

from __future__ import annotations

from flask import Flask, template_rendered
from sqlalchemy import select

from survey_app.account import tokens
from survey_app.extensions import db
from survey_app.i18n import USER_LANGUAGE_PAGES
from survey_app.models import (
    Action,
    Campaign,
    CampaignStatus,
    Company,
    CompanyKind,
    Organization,
    ProspectAssessment,
    Role,
    StrategySession,
    Team,
    TokenScope,
    User,
    WebhookEndpoint,
)

from . import factories
from .conftest import login
from .untranslated import untranslated, with_their_parts


def _demo_users(app: Flask) -> list[User]:
    org = db.session.scalars(select(Organization).order_by(Organization.id)).first()
    assert org is not None
    users = [factories.make_user(org, role) for role in (Role.LEADER, Role.REP, Role.ADMIN)]
    scoped = factories.make_user(org, Role.LEADER)
    scoped.team_scoped = True
    scoped.scope_teams = [db.session.scalars(select(Team)).first()]
    users.append(scoped)
    for user in users:
        user.language = "fr"
    db.session.commit()
    return users


def _arguments(leader: User) -> list[dict[str, int]]:
    """The pages' arguments: a closed campaign's, then an open one's (a campaign's pages differ
    by its status: an open campaign's edit page, a closed one's reopen form)."""
    campaigns = [
        db.session.scalars(
            select(Campaign).where(Campaign.status == status).order_by(Campaign.id.desc())
        ).first()
        for status in (CampaignStatus.CLOSED, CampaignStatus.OPEN)
    ]
    company = db.session.scalars(select(Company).order_by(Company.id)).first()
    prospect = db.session.scalars(
        select(Company).where(Company.kind == CompanyKind.PROSPECT).order_by(Company.id)
    ).first()
    assert all(campaigns)
    assert company is not None
    assert prospect is not None
    assessment = db.session.scalars(
        select(ProspectAssessment).where(ProspectAssessment.company_id == prospect.id)
    ).first()
    assert assessment is not None
    action = db.session.scalars(select(Action).order_by(Action.id)).first()
    assert action is not None
    session = db.session.scalars(select(StrategySession).order_by(StrategySession.id)).first()
    assert session is not None
    token, _plaintext = tokens.create_token(leader, "Probe", TokenScope.READ_RESULTS, 30)
    endpoint = WebhookEndpoint(
        organization_id=leader.organization_id,
        url="https://hooks.example.com/in",
        secret="whsec_probe",  # noqa: S106 - a test's endpoint
        events=["campaign.opened"],
    )
    db.session.add(endpoint)
    db.session.commit()
    return [
        {
            "campaign_id": campaign.id,
            "company_id": company.id,
            "token_id": token.id,
            "prospect_id": prospect.id,
            "assessment_id": assessment.id,
            "action_id": action.id,
            "session_id": session.id,
            "user_id": leader.id,  # the admin's pages of a user: a leader's (its team scope too)
            "endpoint_id": endpoint.id,
        }
        for campaign in campaigns
        if campaign is not None
    ]


def _paths(app: Flask, leader: User) -> list[str]:
    paths: list[str] = []
    for values in _arguments(leader):
        for rule in app.url_map.iter_rules():
            if rule.endpoint in USER_LANGUAGE_PAGES and "GET" in (rule.methods or ()):
                missing = set(rule.arguments) - set(values)
                assert not missing, f"{rule.endpoint}: give tests/test_i18n_pages.py a {missing}"
                with app.test_request_context():
                    path = app.url_for(rule.endpoint, **{a: values[a] for a in rule.arguments})
                if path not in paths:
                    paths.append(path)
    assert paths, USER_LANGUAGE_PAGES
    return paths


def test_every_page_in_a_users_language_has_no_english_written_into_it(demo_app: Flask) -> None:
    rendered: set[str] = set()

    def record(_app: Flask, template, context) -> None:  # noqa: ANN001 - Flask's signal
        rendered.add(template.name)

    users = _demo_users(demo_app)
    paths = _paths(demo_app, users[0])
    with template_rendered.connected_to(record, demo_app):
        for user in users:
            client = login(demo_app.test_client(), user)
            for path in paths:
                page = client.get(path)
                # 302: a page that does not apply (a closed campaign's edit page) sends back
                assert page.status_code in (200, 302, 403, 404), (path, page.status_code)
                if page.status_code == 200:
                    assert '<html lang="fr">' in page.get_data(as_text=True), path
    templates = with_their_parts(demo_app.jinja_env, rendered)
    english = {
        name: found
        for name in sorted(templates)
        if (found := untranslated(demo_app.jinja_env, name))
    }
    assert not english, "English written into translated pages:\n" + "\n".join(
        f"{name}: {found}" for name, found in english.items()
    )
