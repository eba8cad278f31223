"""Company pages: list, create, detail and edit, with validation that keeps the input."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from survey_app.models import CampaignStatus, Company, CompanyKind, Team
from survey_app.results.campaign import campaign_results
from tests import factories
from tests.pages import without_bdi


def _companies(db, org) -> list[Company]:
    return list(db.session.scalars(select(Company).where(Company.organization_id == org.id)))


def _edit_data(company: Company, **overrides) -> dict[str, str]:
    return factories.company_edit_form(company, **overrides)


def test_list_shows_counts_and_only_own_companies(leader_client, org, other_org):
    company = factories.make_company(org, "Globex", teams=("A", "B", "C"))
    factories.make_campaign(company)
    factories.make_company(other_org, "Hidden Corp")

    page = leader_client.get("/companies/").get_data(as_text=True)

    assert "Globex" in page
    assert "Hidden Corp" not in page
    row = page[page.index("Globex") :]
    assert '<td class="text-end">3</td>' in row
    assert '<td class="text-end">1</td>' in row


def test_list_empty_state(leader_client):
    page = leader_client.get("/companies/").get_data(as_text=True)
    assert "No companies yet" in page


def test_create_company_with_teams(leader_client, db, org):
    assert leader_client.get("/companies/new").status_code == 200
    response = leader_client.post(
        "/companies/new",
        data={
            "name": "  Initech ",
            "kind": "customer",
            "industry": "Software",
            "notes": "Key account",
            "teams": "Sales\n\n  Support  \nPresales\n",
        },
    )
    assert response.status_code == 302
    (company,) = _companies(db, org)
    assert company.name == "Initech"
    assert company.kind == CompanyKind.CUSTOMER
    assert company.industry == "Software"
    assert [t.name for t in company.teams] == ["Presales", "Sales", "Support"]
    assert response.headers["Location"].endswith(f"/companies/{company.id}")


def test_create_with_duplicate_teams_keeps_input(leader_client, db, org):
    response = leader_client.post(
        "/companies/new",
        data={"name": "Initech", "kind": "own", "teams": "Sales\nSupport\nsales"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The team “sales” is listed twice" in without_bdi(page)
    assert 'value="Initech"' in page
    assert "Sales\nSupport\nsales" in page
    assert _companies(db, org) == []


def test_create_requires_name_and_valid_kind(leader_client, db, org):
    page = leader_client.post(
        "/companies/new", data={"name": "", "kind": "nonsense", "teams": "Sales"}
    ).get_data(as_text=True)
    assert "Please correct the highlighted fields." in page
    assert "This field is required." in page
    assert "Not a valid choice" in page
    assert "Sales</textarea>" in page
    assert _companies(db, org) == []


def test_create_refuses_duplicate_company_name(leader_client, db, org, other_org):
    factories.make_company(org, "Globex")
    factories.make_company(other_org, "Umbrella")  # another org's name is free to use
    page = leader_client.post("/companies/new", data={"name": "globex", "kind": "own"})
    assert "A company named “globex” already exists." in without_bdi(page.get_data(as_text=True))
    ok = leader_client.post("/companies/new", data={"name": "Umbrella", "kind": "prospect"})
    assert ok.status_code == 302
    assert len(_companies(db, org)) == 2


def test_detail_lists_teams_campaigns_and_new_campaign_button(leader_client, org):
    company = factories.make_company(org, "Globex", teams=("Alpha", "Beta"))
    factories.make_campaign(company, title="Spring wave")
    page = leader_client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "Alpha" in page
    assert "Beta" in page
    assert "Spring wave" in page
    assert f'href="/campaigns/new?company_id={company.id}"' in page
    assert "New campaign for this company" in page


def test_edit_renames_adds_and_removes_teams(leader_client, db, org):
    company = factories.make_company(org, "Globex", teams=("Alpha", "Beta", "Gamma"))
    campaign = factories.make_campaign(company, status=CampaignStatus.DRAFT)  # drafts follow
    alpha, beta, gamma = company.teams
    assert leader_client.get(f"/companies/{company.id}/edit").status_code == 200

    data = _edit_data(
        company, name="Globex Corp", kind="customer", industry="Retail", new_teams="Delta\n"
    )
    data["kind_confirmed"] = "customer"  # the change of kind, confirmed (kind_change.py)
    data["existing-0-name"] = "Alpha Squad"  # rename
    data["existing-1-remove"] = "y"  # remove Beta
    response = leader_client.post(f"/companies/{company.id}/edit", data=data)

    assert response.status_code == 302
    db.session.expire_all()
    assert company.name == "Globex Corp"
    assert company.kind == CompanyKind.CUSTOMER
    assert company.industry == "Retail"
    assert [t.name for t in company.teams] == ["Alpha Squad", "Delta", "Gamma"]
    assert db.session.get(Team, beta.id) is None
    assert beta.id not in [t.id for t in campaign.teams]


def test_edit_can_swap_two_team_names(leader_client, db, org):
    company = factories.make_company(org, teams=("Alpha", "Beta"))
    alpha_id = company.teams[0].id
    data = _edit_data(company)
    data["existing-0-name"], data["existing-1-name"] = "Beta", "Alpha"
    assert leader_client.post(f"/companies/{company.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Team, alpha_id).name == "Beta"


def test_edit_duplicate_team_name_keeps_input(leader_client, db, org):
    company = factories.make_company(org, "Globex", teams=("Alpha", "Beta"))
    data = _edit_data(company, name="Globex renamed", new_teams="alpha")
    page = leader_client.post(f"/companies/{company.id}/edit", data=data).get_data(as_text=True)
    assert "The team “alpha” is listed twice" in without_bdi(page)
    assert 'value="Globex renamed"' in page
    db.session.expire_all()
    assert company.name == "Globex"
    assert [t.name for t in company.teams] == ["Alpha", "Beta"]


def test_edit_empty_team_name_is_refused(leader_client, db, org):
    company = factories.make_company(org, teams=("Alpha",))
    data = _edit_data(company)
    data["existing-0-name"] = "   "
    page = leader_client.post(f"/companies/{company.id}/edit", data=data).get_data(as_text=True)
    assert "A team name cannot be empty" in page
    db.session.expire_all()
    assert company.teams[0].name == "Alpha"


def test_a_team_that_ran_is_removed_from_the_company_only(leader_client, db, org):
    """Removing (or renaming) a team changes new campaigns only: the campaign that ran with it
    keeps it, its responses keep it, and respondents and results see the name it ran with."""
    company = factories.make_company(org, teams=("Alpha", "Beta"))
    campaign = factories.make_campaign(company, k=3)
    alpha, beta = company.teams
    factories.make_responses(campaign, alpha, 3)
    data = _edit_data(company, new_teams="Gamma\n")
    data["existing-0-remove"] = "y"  # remove Alpha
    data["existing-1-name"] = "Beta Renamed"
    response = leader_client.post(f"/companies/{company.id}/edit", data=data)
    assert response.status_code == 302
    db.session.expire_all()

    assert [t.name for t in company.active_teams] == ["Beta Renamed", "Gamma"]
    assert db.session.get(Team, alpha.id).removed_on == date.today()
    assert campaign.team_labels == {alpha.id: "Alpha", beta.id: "Beta"}
    assert campaign_results(campaign).teams[0].label == "Alpha"
    page = leader_client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "Alpha" not in page.split('id="teams-heading"')[1].split("</ul>")[0]
    dashboard = leader_client.get(f"/campaigns/{campaign.id}/dashboard").get_data(as_text=True)
    assert "Beta Renamed" not in dashboard
    # A new campaign offers today's teams only.
    new = leader_client.get(f"/campaigns/new?company_id={company.id}").get_data(as_text=True)
    assert "Beta Renamed" in new
    assert ">Alpha<" not in new
    # Added back, the removed team is the same team again, under the name given.
    data = _edit_data(company, new_teams="alpha\n")
    assert leader_client.post(f"/companies/{company.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Team, alpha.id).removed_on is None
    assert campaign.team_labels[alpha.id] == "Alpha"


def test_edit_with_another_companys_team_id_is_404(leader_client, db, org, other_org):
    company = factories.make_company(org, teams=("Alpha",))
    foreign = factories.make_company(other_org, teams=("Theirs",))
    data = _edit_data(company)
    data["existing-0-id"] = str(foreign.teams[0].id)
    data["existing-0-remove"] = "y"
    assert leader_client.post(f"/companies/{company.id}/edit", data=data).status_code == 404
    data["existing-0-id"] = "not-a-number"
    assert leader_client.post(f"/companies/{company.id}/edit", data=data).status_code == 404
    db.session.expire_all()
    assert foreign.teams[0].name == "Theirs"


def test_admin_can_use_company_pages(admin_client, org):
    company = factories.make_company(org, "Globex")
    assert admin_client.get("/companies/").status_code == 200
    assert admin_client.get(f"/companies/{company.id}").status_code == 200
