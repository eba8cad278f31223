"""The demo organisation on the live server, for the walks over every page."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page
from sqlalchemy import select

from survey_app.demo import DEMO_ORG, DEMO_USERS, load_demo
from survey_app.extensions import db
from survey_app.models import (
    Action,
    ApiToken,
    Campaign,
    CampaignStatus,
    Company,
    CompanyKind,
    Organization,
    ProspectAssessment,
    Role,
    StrategySession,
    User,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from tests import factories

from .conftest import LiveServer


@dataclass(frozen=True)
class Demo:
    """Ids of the demo data, by URL argument: every id a page is opened with."""

    ids: dict[str, tuple[int, ...]]
    logins: dict[Role, tuple[str, str]]
    unused_link: str


def seed_demo(live_server: LiveServer) -> Demo:
    """Load the demo (once per live server) and a self-check history for each of its users;
    return the ids pages are opened with."""

    def seed() -> Demo:
        load_demo(base_url=live_server.url)
        org = db.session.scalar(select(Organization).where(Organization.name == DEMO_ORG))
        assert org is not None
        own = db.session.scalar(
            select(Company).where(
                Company.organization_id == org.id, Company.kind == CompanyKind.OWN
            )
        )
        assert own is not None
        campaigns = list(
            db.session.scalars(
                select(Campaign).where(Campaign.organization_id == org.id).order_by(Campaign.id)
            )
        )
        closed = [c.id for c in campaigns if c.status == CampaignStatus.CLOSED]
        opened = [c.id for c in campaigns if c.status == CampaignStatus.OPEN]
        prospects = list(
            db.session.scalars(
                select(Company)
                .where(Company.organization_id == org.id, Company.kind == CompanyKind.PROSPECT)
                .order_by(Company.id)
            )
        )
        assessments = list(
            db.session.scalars(
                select(ProspectAssessment).where(ProspectAssessment.organization_id == org.id)
            )
        )
        assessed = {a.company_id for a in assessments}
        with_assessment = next(p.id for p in prospects if p.id in assessed)
        without = next(p.id for p in prospects if p.id not in assessed)
        assessment = next(a.id for a in assessments if a.company_id == with_assessment)
        users = list(db.session.scalars(select(User).where(User.organization_id == org.id)))
        rep = next(u.id for u in users if u.role == Role.REP)
        # A self-check history with two points: its chart is drawn on the page.
        for user in users:
            factories.make_self_check(user, note="Kept to myself")
            factories.make_self_check(user, note="Better this quarter")
        link = factories.make_invitation(
            db.session.get(Campaign, opened[0]), email="walker@northwind.example"
        )
        return Demo(
            ids={
                "campaign_id": (closed[-1], opened[0]),
                "company_id": (own.id,),
                "prospect_id": (with_assessment, without),
                "assessment_id": (assessment,),
                "user_id": (rep,),  # the admin pages about a user
                # The demo's past strategy session and one of its actions.
                "action_id": (db.session.scalars(select(Action.id).order_by(Action.id)).first(),),
                "session_id": tuple(db.session.scalars(select(StrategySession.id))),
                "token_id": (_api_token(users),),  # the leader's, on its revoke confirmation
                "endpoint_id": (_webhook_endpoint(org.id),),  # with a delivery in its log
                "signed": (_optout(link.id),),  # the opt-out page an invitation mail links to
            },
            logins={role: (email, password) for role, email, _, password in DEMO_USERS},
            unused_link=str(link.token),
        )

    return live_server.seed(seed)


def _optout(invitation_id: int) -> str:
    from survey_app.campaigns.optout import optout_token

    return optout_token(invitation_id)


def _api_token(users: list[User]) -> int:
    from tests.api_tokens import make_token

    leader = next(u for u in users if u.role == Role.LEADER)
    make_token(leader)
    return max(
        t.id for t in db.session.scalars(select(ApiToken).where(ApiToken.user_id == leader.id))
    )


def _webhook_endpoint(org_id: int) -> int:
    """An endpoint of the demo organisation whose log shows a delivery that failed once."""
    endpoint = WebhookEndpoint(
        organization_id=org_id,
        url="http://127.0.0.1:9/hooks",
        secret="whsec_demo",
        events=["campaign.closed"],
    )
    event = WebhookEvent(organization_id=org_id, event="campaign.closed", payload={})
    db.session.add_all([endpoint, event])
    db.session.flush()
    db.session.add(
        WebhookDelivery(
            endpoint_id=endpoint.id,
            event_id=event.id,
            attempts=1,
            last_status_code=500,
            last_error="The endpoint answered 500.",
            last_attempt_at=event.created_at,
        )
    )
    db.session.commit()
    return endpoint.id


def sign_in(page: Page, live_server: LiveServer, email: str, password: str) -> None:
    page.goto(live_server("/auth/login"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/auth/login" not in url)  # on a phone the menu is folded
