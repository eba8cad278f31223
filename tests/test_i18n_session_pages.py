"""A strategy session's pages in the user's language (issue 17, part 2): the agenda, roles and
forms in French with the scribe's errors, the deletion confirmed in German with its counts, and
the same pages unchanged in English. The pre-read and the deck stay English."""

from __future__ import annotations

from survey_app.extensions import db
from survey_app.text import day

from . import factories
from .test_i18n_action_pages import text


def _session(org, leader):  # noqa: ANN001, ANN202 - a factory's organisation and user
    company = factories.make_company(org, "Northwind Traders")
    campaign = factories.make_campaign(company, "Spring wave")
    session, _action = factories.make_session_and_action(campaign, leader, "Q3")
    return session


def test_a_session_page_is_in_the_users_language(leader_client, leader, org):
    session = _session(org, leader)
    leader.language = "fr"
    db.session.commit()
    page = leader_client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert '<html lang="fr">' in page
    french = text(page)
    assert "Ordre du jour" in french
    assert "1. Les actions ouvertes de la dernière session" in french
    assert "Modérateur" in french
    assert "garde la conversation centrée sur le sujet" in french
    assert "horizon dans 2 à 3 trimestres" in french

    posted = leader_client.post(f"/sessions/{session.id}/decisions", data={"decision": ""})
    assert posted.status_code == 422
    assert "Rédigez d’abord la décision." in text(posted.get_data(as_text=True))
    form = text(leader_client.get(f"/campaigns/{session.campaign_id}/sessions/new").data.decode())
    assert "Pas de revue, pas de ressources." in form
    assert "Gardien du temps" in form


def test_deleting_a_session_is_confirmed_in_the_users_language(leader_client, leader, org):
    session = _session(org, leader)
    leader.language = "de"
    db.session.commit()
    confirm = text(leader_client.get(f"/sessions/{session.id}/delete").get_data(as_text=True))
    assert "Die Strategiesitzung vom" in confirm
    assert "zu „Northwind Traders“ löschen?" in confirm
    assert "2 teilnehmende Personen und ihre Rollen." in confirm
    assert "1 Entscheidung." in confirm
    deleted = leader_client.post(f"/sessions/{session.id}/delete", follow_redirects=True)
    assert "Strategiesitzung gelöscht." in text(deleted.get_data(as_text=True))


def test_an_english_leader_sees_the_session_pages_as_before(leader_client, leader, org):
    session = _session(org, leader)
    page = text(leader_client.get(f"/sessions/{session.id}").get_data(as_text=True))
    assert "1. Open actions from the last session" in page
    assert "Moderator" in page
    assert "horizon 2–3 quarters out" in page
    confirm = text(leader_client.get(f"/sessions/{session.id}/delete").get_data(as_text=True))
    held = day(session.held_on)
    assert f"Delete the strategy session of {held} on “Northwind Traders”?" in confirm
    assert "2 attendees and their roles." in confirm
    assert "The 1 action recorded in it: they stay on their company's list" in confirm
