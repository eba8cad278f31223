"""The action pages' Python-written text in the user's language (issue 17, part 2): the form's
labels, target, playbook prefill and errors in French, a status change and a deletion flashed
in German, and the same pages unchanged in English."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Action

from . import factories


def text(page: str) -> str:
    """The page's words, a name isolated in a sentence (``<bdi>``, U+2068) read as typed."""
    page = re.sub(r"</?bdi>", "", page).replace("\u2068", "").replace("\u2069", "")
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def _form(owner_id: object = "", **extra: str) -> dict[str, str]:
    data = {
        "target": "practice:strategy_reviews",
        "title": "Hold the Monday reviews",
        "notes": "",
        "owner_id": str(owner_id),
        "owner_name": "",
        "due_on": (date.today() + timedelta(days=14)).isoformat(),
        "status": "planned",
    }
    return {**data, **extra}


def _campaign(org):  # noqa: ANN001, ANN202 - a factory's organisation, a campaign
    company = factories.make_company(org, "Northwind Traders")
    return factories.make_campaign(company, "Spring wave")


def test_the_action_form_is_in_the_users_language(leader_client, leader, org):
    campaign = _campaign(org)
    leader.language = "fr"
    db.session.commit()
    url = f"/campaigns/{campaign.id}/actions/new?target=practice:strategy_reviews"
    page = leader_client.get(url).get_data(as_text=True)
    assert '<html lang="fr">' in page
    french = text(page)
    assert "Pratique ou ennemi visé" in french
    assert "des séances de revue stratégique sont organisées" in french  # the item, in French
    assert 'value="Adoptez la règle « Pas de revue, pas de ressources »' in page  # playbook
    assert "Prévue" in french
    assert "Planned" not in french

    posted = leader_client.post(
        f"/campaigns/{campaign.id}/actions/new", data=_form(due_on="", owner_id="")
    )
    assert posted.status_code == 422
    errors = text(posted.get_data(as_text=True))
    assert "Saisissez l’échéance." in errors
    assert "Choisissez un propriétaire ou saisissez un nom." in errors


def test_a_status_change_and_a_deletion_say_so_in_the_users_language(leader_client, leader, org):
    campaign = _campaign(org)
    leader_client.post(f"/campaigns/{campaign.id}/actions/new", data=_form(leader.id))
    action = db.session.scalar(select(Action))
    leader.language = "de"
    db.session.commit()
    changed = leader_client.post(
        f"/actions/{action.id}/status", data={"status": "in_progress"}, follow_redirects=True
    )
    german = text(changed.get_data(as_text=True))
    assert "„Hold the Monday reviews“ ist jetzt in Arbeit." in german
    assert "Maßnahmen und Strategiesitzungen: Spring wave" in german
    confirm = text(leader_client.get(f"/actions/{action.id}/delete").get_data(as_text=True))
    assert "Die Maßnahme „Hold the Monday reviews“ löschen?" in confirm
    deleted = leader_client.post(f"/actions/{action.id}/delete", follow_redirects=True)
    assert "Maßnahme gelöscht." in text(deleted.get_data(as_text=True))


def test_an_english_leader_sees_the_action_pages_as_before(leader_client, leader, org):
    campaign = _campaign(org)
    leader_client.post(f"/campaigns/{campaign.id}/actions/new", data=_form(leader.id))
    action = db.session.scalar(select(Action))
    changed = leader_client.post(
        f"/actions/{action.id}/status", data={"status": "in_progress"}, follow_redirects=True
    )
    english = text(changed.get_data(as_text=True))
    assert "“Hold the Monday reviews” is now in progress." in english
    assert "Actions and strategy sessions: Spring wave" in english
    confirm = text(leader_client.get(f"/actions/{action.id}/delete").get_data(as_text=True))
    assert "Delete the action “Hold the Monday reviews”?" in confirm
    assert "It targets “Before every major investment" in confirm
