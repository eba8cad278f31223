"""A campaign's own pages in the user's language (issue 17, part 2): what the templates write is
checked by tests/test_i18n_pages.py; here, what Python writes into them (a form's errors, a
flash after a status change, a confirmation), and the same pages unchanged in English."""

from __future__ import annotations

import html
import re

from survey_app.extensions import db
from survey_app.models import CampaignStatus

from . import factories


def text(page: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def _new_campaign_with_errors(client, company_id: int) -> str:  # noqa: ANN001 - a test client
    form = {"company_id": str(company_id), "title": "Q3", "min_group_size": "99"}
    form |= {"reminder_days": "soon", "instruments": "teamwork_scorecard"}
    page = client.post("/campaigns/new", data=form)
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_the_create_pages_errors_are_in_the_users_language(leader_client, leader, org):
    company = factories.make_company(org, name="Acme Traders")
    english = text(_new_campaign_with_errors(leader_client, company.id))
    assert "Enter a number from 3 to 10." in english
    assert "Enter whole numbers of days, separated by commas, for example 7, 2." in english

    leader.language = "fr"
    db.session.commit()
    page = _new_campaign_with_errors(leader_client, company.id)
    assert '<html lang="fr">' in page
    french = text(page)
    assert "Saisissez un nombre de 3 à 10." in french
    assert "Saisissez des nombres entiers de jours" in french
    assert "Veuillez corriger les champs signalés." in french
    assert "Enter a number" not in french


def test_closing_says_so_in_the_users_language(leader_client, leader, org):
    company = factories.make_company(org, name="Acme Traders")
    campaign = factories.make_campaign(company, title="Q3 pulse", status=CampaignStatus.OPEN)
    leader.language = "de"
    db.session.commit()
    confirm = text(leader_client.get(f"/campaigns/{campaign.id}/close").get_data(as_text=True))
    assert "Die Kampagne „Q3 pulse“ beenden?" in confirm
    assert "Was sich ändert" in confirm
    page = leader_client.post(f"/campaigns/{campaign.id}/close", follow_redirects=True)
    german = text(page.get_data(as_text=True))
    assert "Die Kampagne ist jetzt abgeschlossen." in german
    assert "Diese Kampagne wieder öffnen" in german  # the campaign's page, reopen form and all


def test_an_english_leader_sees_the_campaign_pages_as_before(leader_client, org):
    company = factories.make_company(org, name="Acme Traders")
    campaign = factories.make_campaign(company, title="Q3 pulse", status=CampaignStatus.OPEN)
    page = leader_client.post(f"/campaigns/{campaign.id}/close", follow_redirects=True)
    english = text(page.get_data(as_text=True))
    assert "The campaign is now closed." in english
    assert "Reopen this campaign" in english
    delete = text(leader_client.get(f"/campaigns/{campaign.id}/delete").get_data(as_text=True))
    assert "Delete the campaign “Q3 pulse”?" in delete
    assert "This cannot be undone." in delete


def test_the_pages_only_a_post_shows_have_no_english_written_into_them(app):
    """The CSV import's report and the links just made are shown by a POST, which the GET walk
    of tests/test_i18n_pages.py never makes: their templates are read here."""
    from .untranslated import untranslated, with_their_parts

    shown = {"campaigns/import_report.html", "campaigns/new_links.html"}
    english = {
        name: found
        for name in sorted(with_their_parts(app.jinja_env, shown))
        if (found := untranslated(app.jinja_env, name))
    }
    assert not english, english
