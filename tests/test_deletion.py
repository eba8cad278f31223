"""Deleting a campaign, a company or a prospect: a GET page says exactly what goes, only the
POST deletes, everything of the deleted thing goes in one transaction, and nothing else."""

from __future__ import annotations

import secrets
from datetime import date

import pytest
from sqlalchemy import func, inspect, select, text

from survey_app.campaigns.deletion import delete_campaign
from survey_app.extensions import db
from survey_app.models import (
    AnswerTally,
    Campaign,
    CampaignStatus,
    Company,
    Draft,
    Invitation,
    InvitationCount,
    InvitationKind,
    ProspectAssessment,
    Response,
    ResponseTally,
    Role,
    SelfCheck,
    Team,
    User,
)
from tests import factories

# The tables a campaign or a company owns: deleting their owner must leave none of their rows.
OWNED_BY_CAMPAIGN = (
    "responses",
    "answers",
    "answer_tallies",
    "response_tallies",
    "invitations",
    "invitation_counts",
    "drafts",
    "campaign_instruments",
    "campaign_teams",
)


def counts() -> dict[str, int]:
    """Rows per table, every table of the schema."""
    return {
        t.name: int(db.session.scalar(select(func.count()).select_from(t)) or 0)
        for t in db.metadata.sorted_tables
    }


def _filled_campaign(company: Company, status: CampaignStatus = CampaignStatus.CLOSED) -> Campaign:
    """A campaign with responses (so answers and tallies), an unanswered invitation, an
    open-link visit and a saved draft."""
    campaign = factories.make_campaign(
        company, status=CampaignStatus.OPEN, open_link=secrets.token_urlsafe(16)
    )
    factories.make_responses(campaign, company.teams[0], 3)
    factories.make_invitation(campaign, "waiting@example.com", team=company.teams[0])
    started = factories.make_invitation(campaign, kind=InvitationKind.LINK)
    db.session.add(Draft(invitation_id=started.id, answers={"x": "1"}, saved_on=date.today()))
    factories.make_invitation(campaign, kind=InvitationKind.OPEN)
    campaign.status = status
    db.session.commit()
    return campaign


def _rows_of_campaign(campaign_id: int) -> dict[str, int]:
    q = {
        "responses": select(func.count())
        .select_from(Response)
        .where(Response.campaign_id == campaign_id),
        "invitations": select(func.count())
        .select_from(Invitation)
        .where(Invitation.campaign_id == campaign_id),
        "answer_tallies": select(func.count())
        .select_from(AnswerTally)
        .where(AnswerTally.campaign_id == campaign_id),
        "response_tallies": select(func.count())
        .select_from(ResponseTally)
        .where(ResponseTally.campaign_id == campaign_id),
        "invitation_counts": select(func.count())
        .select_from(InvitationCount)
        .where(InvitationCount.campaign_id == campaign_id),
    }
    return {name: int(db.session.scalar(query) or 0) for name, query in q.items()}


def test_every_table_that_refers_to_a_deleted_thing_cascades_or_is_deleted_by_the_service():
    """The deletion services name only campaigns, teams and companies: every other table that
    refers to something they delete must say ON DELETE CASCADE (or SET NULL for a reference
    that is not ownership), or its rows would block the delete or be left behind."""
    deleted = {"campaigns", "companies", "teams"}
    by_service = {("campaigns", "companies"), ("teams", "companies")}
    changed = True
    while changed:  # what cascades from a deleted row is deleted too
        changed = False
        for table in db.metadata.sorted_tables:
            for fk in table.foreign_keys:
                cascades = fk.column.table.name in deleted and fk.ondelete == "CASCADE"
                if cascades and table.name not in deleted:
                    deleted.add(table.name)
                    changed = True
    problems = [
        f"{table.name}.{fk.parent.name} -> {fk.column.table.name}"
        for table in db.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name in deleted
        and fk.ondelete not in ("CASCADE", "SET NULL")
        and (table.name, fk.column.table.name) not in by_service
    ]
    assert not problems, problems
    assert set(OWNED_BY_CAMPAIGN) <= deleted


def test_sqlite_enforces_foreign_keys(app):
    """The cascades only run with foreign keys on: they are, on every connection."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL always enforces them")
    assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_the_confirmation_page_counts_what_goes_and_the_get_deletes_nothing(leader_client, org):
    company = factories.make_company(org, "Acme Own")
    campaign = _filled_campaign(company)
    before = counts()
    page = leader_client.get(f"/campaigns/{campaign.id}/delete")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "3 responses and their answers" in body
    # 3 made by make_responses, one waiting, one single-use link: the open visit apart.
    assert "5 invitations (emails and single-use links)" in body
    assert "1 visit through the open link" in body
    assert "1 set of answers saved and not yet submitted" in body
    assert 'method="post"' in body
    assert "Delete the campaign" in body
    assert counts() == before


def test_deleting_a_campaign_removes_all_it_owns_and_nothing_else(leader_client, org, db):
    company = factories.make_company(org, "Acme Own")
    doomed = _filled_campaign(company)
    kept = _filled_campaign(company)
    doomed_id, kept_id = doomed.id, kept.id
    kept_rows = _rows_of_campaign(kept_id)
    before = counts()
    assert all(_rows_of_campaign(doomed_id).values())

    response = leader_client.post(f"/campaigns/{doomed_id}/delete")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/companies/{company.id}")
    db.session.expire_all()

    assert db.session.get(Campaign, doomed_id) is None
    assert _rows_of_campaign(doomed_id) == dict.fromkeys(kept_rows, 0)
    assert _rows_of_campaign(kept_id) == kept_rows
    after = counts()
    # Nothing outside the campaign's own tables changed: not the company, teams, users.
    ignored = {"campaigns", "used_tokens", "audit_entries"}  # the log gains the deletion
    for table in set(before) - set(OWNED_BY_CAMPAIGN) - ignored:
        assert after[table] == before[table], table
    assert after["audit_entries"] == before["audit_entries"] + 1
    assert after["campaigns"] == before["campaigns"] - 1
    assert db.session.get(Company, company.id) is not None
    assert len(db.session.get(Company, company.id).teams) == 2


def test_a_failed_campaign_delete_leaves_everything(leader_client, org, db, monkeypatch):
    """One transaction: when the commit fails, nothing of the campaign is gone."""
    company = factories.make_company(org, "Acme Own")
    campaign = _filled_campaign(company)
    before = counts()

    def fail() -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(db.session, "commit", fail)
    with pytest.raises(RuntimeError):
        delete_campaign(campaign)
    monkeypatch.undo()
    db.session.rollback()
    assert counts() == before


def test_deleting_a_company_removes_its_campaigns_teams_and_assessments_only(
    leader_client, org, rep, db
):
    company = factories.make_company(org, "Doomed Bank", teams=("North", "South"))
    _filled_campaign(company)
    _filled_campaign(company, CampaignStatus.DRAFT)
    factories.make_assessment(company, rep)
    other = factories.make_company(org, "Kept Bank", teams=("East",))
    other_campaign = _filled_campaign(other)
    other_rows = _rows_of_campaign(other_campaign.id)
    prospect = factories.make_prospect(org, owner=rep)
    factories.make_assessment(prospect, rep)
    factories.make_self_check(rep, note="mine")
    company_id = company.id

    page = leader_client.get(f"/companies/{company_id}/delete").get_data(as_text=True)
    assert "2 campaigns, with 6 responses" in page
    assert "2 teams." in page
    assert "1 observer assessment by 1 person" in page
    assert db.session.get(Company, company_id) is not None

    response = leader_client.post(f"/companies/{company_id}/delete")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Company, company_id) is None
    assert db.session.scalars(select(Campaign).where(Campaign.company_id == company_id)).all() == []
    assert db.session.scalars(select(Team).where(Team.company_id == company_id)).all() == []
    assert (
        db.session.scalars(
            select(ProspectAssessment).where(ProspectAssessment.company_id == company_id)
        ).all()
        == []
    )
    # The rest of the organisation is untouched.
    assert _rows_of_campaign(other_campaign.id) == other_rows
    assert [t.name for t in db.session.get(Company, other.id).teams] == ["East"]
    assert len(db.session.scalars(select(ProspectAssessment)).all()) == 1
    assert db.session.scalar(select(func.count()).select_from(SelfCheck)) == 1
    assert db.session.scalar(select(func.count()).select_from(User)) >= 2


def test_a_prospect_is_deleted_by_its_owner_or_a_leader_not_by_a_colleague(
    app, org, rep, leader, db
):
    from tests.conftest import login

    colleague = factories.make_user(org, Role.REP)
    prospect = factories.make_prospect(org, owner=rep, name="Shared Prospect")
    prospect.shared_with = [colleague]
    db.session.commit()
    factories.make_assessment(prospect, rep)
    factories.make_assessment(prospect, colleague)
    prospect_id = prospect.id
    url = f"/prospects/{prospect_id}/delete"

    other = login(app.test_client(), colleague)
    assert other.get(url).status_code == 403
    assert other.post(url).status_code == 403
    assert db.session.get(Company, prospect_id) is not None

    owner = login(app.test_client(), rep)
    page = owner.get(url).get_data(as_text=True)
    assert "2 observer assessments by 2 people" in page
    assert "Its sharing with 1 person" in page
    assert owner.post(url).status_code == 302
    db.session.expire_all()
    assert db.session.get(Company, prospect_id) is None
    assert db.session.scalar(select(func.count()).select_from(ProspectAssessment)) == 0

    second_id = factories.make_prospect(org, owner=rep, name="Second Prospect").id
    leader_client = login(app.test_client(), leader)
    assert leader_client.post(f"/prospects/{second_id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(Company, second_id) is None


def test_another_organisations_ids_are_404_and_delete_nothing(leader_client, other_org, db):
    company = factories.make_company(other_org, "Theirs")
    campaign = _filled_campaign(company)
    prospect = factories.make_prospect(other_org)
    before = counts()
    for url in (
        f"/campaigns/{campaign.id}/delete",
        f"/companies/{company.id}/delete",
        f"/companies/{prospect.id}/delete",
        f"/prospects/{prospect.id}/delete",
        f"/campaigns/{campaign.id}/close",
    ):
        assert leader_client.get(url).status_code == 404, url
        assert leader_client.post(url).status_code == 404, url
    assert counts() == before


def test_reps_cannot_delete_companies_or_campaigns(rep_client, org, db):
    company = factories.make_company(org)
    campaign = factories.make_campaign(company)
    for url in (f"/campaigns/{campaign.id}/delete", f"/companies/{company.id}/delete"):
        assert rep_client.get(url).status_code == 403
        assert rep_client.post(url).status_code == 403
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id) is not None


def test_closing_a_campaign_asks_first_and_the_get_changes_nothing(leader_client, org, db):
    campaign = _filled_campaign(factories.make_company(org), CampaignStatus.OPEN)
    url = f"/campaigns/{campaign.id}"
    detail = leader_client.get(url).get_data(as_text=True)
    assert f'href="{url}/close"' in detail
    assert f'action="{url}/close"' not in detail  # no one-click close
    page = leader_client.get(f"{url}/close").get_data(as_text=True)
    assert "Close the campaign" in page
    assert f'action="{url}/close"' not in page
    assert "The open link stops taking answers." in page
    assert "The results show all 3 responses" in page
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).status == CampaignStatus.OPEN
    leader_client.post(f"{url}/close")
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).status == CampaignStatus.CLOSED
    # Closed: the confirmation sends back to the campaign, saying why.
    again = leader_client.get(f"{url}/close", follow_redirects=True).get_data(as_text=True)
    assert "Only an open campaign can be closed." in again


def test_deleting_an_assessment_and_erasing_self_checks_ask_first(rep_client, org, rep, db):
    prospect = factories.make_prospect(org, owner=rep)
    assessment = factories.make_assessment(prospect, rep, evidence="seen it", summary="meh")
    url = f"/prospects/{prospect.id}/assessments/{assessment.id}/delete"
    detail = rep_client.get(f"/prospects/{prospect.id}").get_data(as_text=True)
    assert f'href="{url}"' in detail
    assert f'action="{url}"' not in detail
    page = rep_client.get(url).get_data(as_text=True)
    assert "1 enemy ticked, with 1 evidence note." in page
    assert "Your summary." in page
    assert db.session.get(ProspectAssessment, assessment.id) is not None
    assert rep_client.post(url).status_code == 302
    db.session.expire_all()
    assert db.session.get(ProspectAssessment, assessment.id) is None

    factories.make_self_check(rep, note="private")
    factories.make_self_check(rep)
    own = rep_client.get("/self-check/").get_data(as_text=True)
    assert 'href="/self-check/erase"' in own
    assert 'action="/self-check/erase"' not in own
    page = rep_client.get("/self-check/erase").get_data(as_text=True)
    assert "2 self-checks" in page
    assert "1 private note." in page
    assert db.session.scalar(select(func.count()).select_from(SelfCheck)) == 2
    rep_client.post("/self-check/erase")
    assert db.session.scalar(select(func.count()).select_from(SelfCheck)) == 0


def test_someone_elses_assessment_has_no_confirmation_page(app, org, rep, db):
    from tests.conftest import login

    colleague = factories.make_user(org, Role.REP)
    prospect = factories.make_prospect(org, owner=rep)
    prospect.shared_with = [colleague]
    db.session.commit()
    assessment = factories.make_assessment(prospect, rep)
    client = login(app.test_client(), colleague)
    url = f"/prospects/{prospect.id}/assessments/{assessment.id}/delete"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_names_in_confirmations_are_isolated(leader_client, org):
    campaign = factories.make_campaign(factories.make_company(org, "Acme \u202eknaB"), "Wave")
    page = leader_client.get(f"/campaigns/{campaign.id}/delete").get_data(as_text=True)
    assert "<bdi>Acme \u202eknaB</bdi>" in page
    assert "“<bdi>Wave</bdi>”" in page


def test_the_schema_inspector_agrees(app):
    """The live database (not only the models) has the cascades the deletion relies on."""
    fks = inspect(db.engine).get_foreign_keys("responses")
    assert any(fk["options"].get("ondelete") == "CASCADE" for fk in fks)
