"""Prospects: creating, assessing, who sees what, the pipeline and its filters."""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta

import pytest
from flask import Flask, g
from flask.testing import FlaskClient

from survey_app.campaigns.services import close_campaign
from survey_app.extensions import db
from survey_app.models import CompanyKind, Organization, ProspectAssessment, Role, User
from survey_app.prospects import insights
from survey_app.results.campaign import campaign_results
from survey_app.surveys.submission import submit_response

from . import factories
from .conftest import login
from .pages import without_bdi


@pytest.fixture(autouse=True)
def one_user_per_request(app: Flask) -> None:
    """The ``app`` fixture keeps one app context for the whole test, so ``g`` (where
    Flask-Login caches the signed-in user) would outlive a request and leak one client's user
    into another's. Forget it at the start of every request, as a real server does."""

    @app.before_request
    def forget_user() -> None:
        g.pop("_login_user", None)


def create(client: FlaskClient, name: str = "Litware Bank", **extra) -> int:
    data = {"name": name, "industry": "Banking", "deal_size": "420000", "notes": ""}
    data.update(extra)
    if "owner" not in data:  # the form's default: the signed-in user
        page = client.get("/prospects/new").get_data(as_text=True)
        data["owner"] = re.search(r'<option selected value="(\d+)"', page).group(1)
    response = client.post("/prospects/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].split("/")[-2])


def assess(
    client: FlaskClient,
    prospect_id: int,
    enemies: dict[str, str],
    confidence: str = "high",
    days_ago: int = 0,
    **extra: str,
) -> None:
    data = {
        "observed_on": (date.today() - timedelta(days=days_ago)).isoformat(),
        "source": "meeting",
        "confidence": confidence,
    }
    for key, note in enemies.items():
        data[f"enemy_{key}"] = "y"
        data[f"evidence_{key}"] = note
    data.update(extra)
    response = client.post(f"/prospects/{prospect_id}/assess", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)


EIGHT = {
    "misaligned_goals": "CFO and VP Sales contradicted each other on the goal",
    "personal_agendas": "",
    "no_trust": "",
    "blame_fixing": "",
    "finger_pointing": "",
    "cynicism": "",
    "selfishness": "",
    "glory_stealing": "",
}


def test_rep_creates_assesses_and_gets_a_verdict(rep_client: FlaskClient, rep: User) -> None:
    pid = create(rep_client)
    page = rep_client.get(f"/prospects/{pid}").get_data(as_text=True)
    assert "Not assessed yet" in page
    assert "Owner: " + rep.name in without_bdi(page)
    assess(rep_client, pid, EIGHT)  # 8 of 20 = 40: Walk away
    page = rep_client.get(f"/prospects/{pid}").get_data(as_text=True)
    assert "Walk away" in page
    assert "CFO and VP Sales contradicted each other on the goal" in page
    assert "How the verdict is weighted" in page
    assert rep.name in page  # named, with its author
    assess(rep_client, pid, {"no_trust": ""}, confidence="high")  # 5: the mean drops
    page = rep_client.get(f"/prospects/{pid}").get_data(as_text=True)
    assert "Pursue with caution" in page  # (40 + 5) / 2 = 22.5
    assert "↓" in page


def test_bad_assessment_keeps_what_was_typed(rep_client: FlaskClient) -> None:
    pid = create(rep_client)
    future = (date.today() + timedelta(days=3)).isoformat()
    response = rep_client.post(
        f"/prospects/{pid}/assess",
        data={
            "observed_on": future,
            "source": "call",
            "enemy_no_trust": "y",
            "evidence_no_trust": "Legal reviews every slide",
            "importance_clear_owner": "7",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "cannot be in the future" in page
    assert "Choose how confident you are." in page
    assert "Legal reviews every slide" in page
    assert db.session.query(ProspectAssessment).count() == 0


def test_importance_without_execution_is_refused(rep_client: FlaskClient) -> None:
    pid = create(rep_client)
    response = rep_client.post(
        f"/prospects/{pid}/assess",
        data={
            "observed_on": date.today().isoformat(),
            "source": "call",
            "confidence": "low",
            "importance_clear_owner": "7",
        },
    )
    assert "Choose the execution too" in response.get_data(as_text=True)
    assess(rep_client, pid, {}, execution_clear_owner="4", importance_clear_owner="7")
    stored = db.session.query(ProspectAssessment).one()
    assert [(p.practice_key, p.execution, p.importance) for p in stored.practices] == [
        ("clear_owner", 4, 7)
    ]


def _routes(pid: int, aid: int) -> list[tuple[str, str]]:
    return [
        ("GET", f"/prospects/{pid}"),
        ("GET", f"/prospects/{pid}/edit"),
        ("GET", f"/prospects/{pid}/assess"),
        ("POST", f"/prospects/{pid}/assess"),
        ("GET", f"/prospects/{pid}/compare"),
        ("GET", f"/prospects/{pid}/one-pager.pdf"),
        ("POST", f"/prospects/{pid}/assessments/{aid}/delete"),
    ]


def test_another_reps_unshared_prospect_is_a_404_everywhere(
    app, org: Organization, other_org: Organization, rep_client: FlaskClient
) -> None:
    pid = create(rep_client, name="Secret Deal Corp")
    assess(rep_client, pid, EIGHT)
    aid = db.session.query(ProspectAssessment).one().id
    other_rep = login(app.test_client(), factories.make_user(org, Role.REP))
    outsider = login(app.test_client(), factories.make_user(other_org, Role.LEADER))
    for client in (other_rep, outsider):
        for method, url in _routes(pid, aid):
            response = client.open(url, method=method, data={})
            assert response.status_code == 404, (method, url)
        assert "Secret Deal Corp" not in client.get("/prospects/").get_data(as_text=True)


def test_sharing_and_leaders(
    app, org: Organization, rep: User, rep_client: FlaskClient, leader_client: FlaskClient
) -> None:
    colleague = factories.make_user(org, Role.REP)
    pid = create(rep_client, name="Shared Deal", shared_with=str(colleague.id))
    assess(rep_client, pid, {"no_trust": "Legal reviews every slide"})
    colleague_client = login(app.test_client(), colleague)
    for client in (colleague_client, leader_client):
        page = client.get(f"/prospects/{pid}").get_data(as_text=True)
        assert "Legal reviews every slide" in page
        assert "Shared Deal" in client.get("/prospects/").get_data(as_text=True)
    # A shared colleague may assess but not edit; the author alone may delete an assessment.
    assert colleague_client.get(f"/prospects/{pid}/edit").status_code == 403
    aid = db.session.query(ProspectAssessment).one().id
    delete = f"/prospects/{pid}/assessments/{aid}/delete"
    assert colleague_client.post(delete).status_code == 404
    assert leader_client.post(delete).status_code == 404
    assert rep_client.post(delete).status_code == 302
    assert db.session.query(ProspectAssessment).count() == 0


def test_admin_sees_the_prospect_but_not_others_assessments(
    rep_client: FlaskClient, admin_client: FlaskClient
) -> None:
    """DESIGN: assessments are visible to their author and the leaders, not to admins."""
    pid = create(rep_client, name="Admin Check")
    assess(rep_client, pid, EIGHT)
    page = admin_client.get(f"/prospects/{pid}").get_data(as_text=True)
    assert "Admin Check" in page
    assert "CFO and VP Sales" not in page
    assert "You see only the assessments you wrote yourself." in page
    assert "Not assessed yet" in page


def test_handing_over_a_deal_keeps_the_rep_in_sight(
    org: Organization, rep_client: FlaskClient
) -> None:
    other = factories.make_user(org, Role.REP)
    pid = create(rep_client, name="Handed Over", owner=str(other.id))
    page = rep_client.get(f"/prospects/{pid}").get_data(as_text=True)
    assert f"Owner: {other.name}" in without_bdi(page)


def test_assessments_never_change_campaign_results(
    org: Organization, rep_client: FlaskClient
) -> None:
    pid = create(rep_client, name="Surveyed Prospect")
    company = db.session.get(factories.Company, pid)
    assert company.kind is CompanyKind.PROSPECT
    campaign = factories.make_campaign(company, k=3, with_teams=False)
    for _ in range(4):
        invitation = factories.make_invitation(campaign)
        answers = factories.complete_answers(campaign)
        answers["no_trust__present"] = 1
        submit_response(invitation.id, answers, None, secrets.token_hex(8))
    close_campaign(campaign)  # every response shown (open, it would show its snapshot of 3)
    before = campaign_results(campaign)
    assess(rep_client, pid, EIGHT)
    assess(rep_client, pid, {"cynicism": ""}, confidence="low")
    db.session.expire_all()
    after = campaign_results(campaign)
    assert after == before
    assert after.responses == 4
    page = rep_client.get(f"/prospects/{pid}").get_data(as_text=True)
    assert "Insiders and outsiders" in page
    assert "4 anonymous responses" in page
    compare = rep_client.get(f"/prospects/{pid}/compare").get_data(as_text=True)
    assert "Surveyed Prospect\\u2069 employees (4 responses)" in compare  # the name isolated


def test_insiders_hidden_under_k(rep_client: FlaskClient) -> None:
    pid = create(rep_client, name="Small Survey")
    company = db.session.get(factories.Company, pid)
    campaign = factories.make_campaign(company, k=5, with_teams=False)
    for _ in range(2):
        invitation = factories.make_invitation(campaign)
        submit_response(
            invitation.id, factories.complete_answers(campaign), None, secrets.token_hex(8)
        )
    assess(rep_client, pid, EIGHT)
    assert "Insiders and outsiders" not in rep_client.get(f"/prospects/{pid}").get_data(
        as_text=True
    )
    compare = rep_client.get(f"/prospects/{pid}/compare").get_data(as_text=True)
    assert "no survey of this company with enough responses" in compare


@pytest.fixture
def pipeline(app, org: Organization, rep: User, rep_client: FlaskClient) -> dict[str, int]:
    ids = {
        "Walk": create(rep_client, name="Walk Co", industry="Insurance"),
        "Caution": create(rep_client, name="Caution Co", industry="Banking"),
        "Pursue": create(rep_client, name="Pursue Co", industry="Banking"),
        "Fresh": create(rep_client, name="Fresh Co", industry="Retail"),
    }
    assess(rep_client, ids["Walk"], EIGHT)
    # One of two equal assessments sees No trust: 50% weighted, so Pursue with caution though
    # the Culture Risk is 2.5. Every enemy that one assessment alone ticks is seen at 100%.
    assess(rep_client, ids["Caution"], {"no_trust": ""})
    assess(rep_client, ids["Caution"], {})
    assess(rep_client, ids["Pursue"], {})
    return ids


def _order(page: str, names: list[str]) -> list[str]:
    """The names in the order the pipeline table lists them (flash messages excluded)."""
    table = page.split('id="pipeline"')[1] if 'id="pipeline"' in page else ""
    return sorted((n for n in names if n in table), key=table.index)


def test_pipeline_ranks_by_risk(rep_client: FlaskClient, pipeline) -> None:
    page = rep_client.get("/prospects/").get_data(as_text=True)
    names = ["Walk Co", "Caution Co", "Pursue Co", "Fresh Co"]
    assert _order(page, names) == names


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("verdict=toxic", ["Walk Co"]),
        ("verdict=at_risk", ["Caution Co"]),
        ("verdict=healthy", ["Pursue Co"]),
        ("verdict=none", ["Fresh Co"]),
        ("industry=Banking", ["Caution Co", "Pursue Co"]),
        ("industry=Banking&verdict=healthy", ["Pursue Co"]),
        ("verdict=nonsense", ["Walk Co", "Caution Co", "Pursue Co", "Fresh Co"]),
    ],
)
def test_pipeline_filters(rep_client: FlaskClient, pipeline, query, expected) -> None:
    page = rep_client.get(f"/prospects/?{query}").get_data(as_text=True)
    assert _order(page, ["Walk Co", "Caution Co", "Pursue Co", "Fresh Co"]) == expected


def test_pipeline_owner_filter(
    app, org: Organization, rep: User, leader_client: FlaskClient, pipeline
) -> None:
    other = factories.make_user(org, Role.REP)
    other_client = login(app.test_client(), other)
    create(other_client, name="Other Co")
    page = leader_client.get(f"/prospects/?owner={other.id}").get_data(as_text=True)
    assert "Other Co" in page
    assert "Walk Co" not in page
    page = leader_client.get(f"/prospects/?owner={rep.id}").get_data(as_text=True)
    assert "Walk Co" in page
    assert "Other Co" not in page
    # The other rep sees only their own prospect, whatever the filter says.
    page = other_client.get(f"/prospects/?owner={rep.id}").get_data(as_text=True)
    assert "Walk Co" not in page


def test_bad_deal_size_is_a_message_not_a_500(rep_client: FlaskClient) -> None:
    response = rep_client.post("/prospects/new", data={"name": "X", "deal_size": "lots"})
    assert response.status_code == 200
    assert "Estimated deal size" in response.get_data(as_text=True)


@pytest.mark.slow
def test_one_pager_is_a_pdf(rep_client: FlaskClient) -> None:
    pid = create(rep_client, name="Woodgrove Insurance")
    assess(rep_client, pid, EIGHT)
    response = rep_client.get(f"/prospects/{pid}/one-pager.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(response.data))
    text = "".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) == 1
    assert "Walk away" in text
    assert "CFO and VP Sales contradicted" in text


# The fullest one-pager's verdict, its deal heading and the enemies it also raises, in English
# and in the two longest languages.
FULLEST = {
    "en": ("The verdict is Walk away:", "FOR THE DEAL", "Also raise"),
    "fr": ("Le verdict est Renoncer :", "POUR L’AFFAIRE", "Abordez aussi"),
    "de": ("Das Urteil lautet Aussteigen:", "FÜR DAS GESCHÄFT", "Sprechen Sie auch"),
}


@pytest.mark.slow
@pytest.mark.parametrize("language", sorted(FULLEST))
def test_the_one_pager_stays_one_page_at_its_fullest(
    rep_client: FlaskClient, language: str
) -> None:
    """The longest name, every enemy ticked with the longest notes, several assessments: still
    one page, in English, French and German, and the advice for the deal shows (no lone
    punctuation, nothing empty)."""
    from io import BytesIO

    from pypdf import PdfReader

    from survey_app.prospects.services import NOTE_MAX

    pid = create(rep_client, name="Woodgrove " + "Insurance Holdings " * 10)
    keys = [i.key for i in insights.enemies_instrument().items_of_type("enemy")]
    for n in range(3):
        note = f"Observation {n}: " + "the buyer's teams contradict each other " * 60
        assess(rep_client, pid, {key: note[:NOTE_MAX] for key in keys}, days_ago=n)
    response = rep_client.get(f"/prospects/{pid}/one-pager.pdf?lang={language}")
    reader = PdfReader(BytesIO(response.data))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert len(reader.pages) == 1
    verdict, deal, also = FULLEST[language]
    assert verdict in text
    assert deal in text.upper()
    assert also in text
    assert " . " not in text


@pytest.mark.slow
def test_the_one_pager_of_an_unassessed_prospect_says_so(rep_client: FlaskClient) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    pid = create(rep_client, name="Proseware")
    response = rep_client.get(f"/prospects/{pid}/one-pager.pdf")
    text = " ".join(PdfReader(BytesIO(response.data)).pages[0].extract_text().split())
    assert "Nobody has assessed Proseware yet" in text
    # No section heading over nothing: the headings are printed in capitals.
    for absent in ("FOR THE DEAL", "WHY:", "ASSESSMENTS", "No enemy of teamwork has been seen"):
        assert absent not in text


def test_advice_for_a_prospect_is_about_the_deal(rep_client: FlaskClient) -> None:
    """The playbook's prospect section, not the actions for fixing our own team."""
    from survey_app.results.campaign import default_playbook

    pid = create(rep_client, name="Deal Advice Co")
    assess(rep_client, pid, {"misaligned_goals": "", "no_trust": ""})
    page = rep_client.get(f"/prospects/{pid}").get_data(as_text=True)
    playbook = default_playbook()
    for key in ("misaligned_goals", "no_trust"):
        assert playbook.deal_advice(key) in page.replace("&#39;", "'")
        assert playbook.action(key) not in page.replace("&#39;", "'")
    assert "For the deal" in page
    assert "Do not invest further until the points below are answered" in page
