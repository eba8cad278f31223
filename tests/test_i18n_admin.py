"""The admin's pages in the user's language (issue 17, part 2): what the templates write is
checked by tests/test_i18n_pages.py; here, what Python writes into them (the roles, a user's
state, the account rules, the flashes), and the same pages unchanged in English."""

from __future__ import annotations

import html
import re

from survey_app.extensions import db


def text(page: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def test_the_users_pages_speak_french(admin_client, admin, leader):
    admin.language = "fr"
    db.session.commit()
    page = admin_client.get("/admin/users").get_data(as_text=True)
    assert '<html lang="fr">' in page
    french = text(page)
    for words in ("Utilisateurs", "Responsable commercial", "Administrateur", "Actif", "Jamais"):
        assert words in french, words
    assert "Sales leader" not in french
    taken = admin_client.post(
        "/admin/users/invite", data={"email": leader.email, "name": "", "role": "rep"}
    )
    assert "Un compte avec l’adresse e-mail" in text(taken.get_data(as_text=True))
    bad = admin_client.post("/admin/users/invite", data={"email": "x@y", "role": "rep"})
    assert "n’est pas une adresse e-mail valide." in text(bad.get_data(as_text=True))
    done = admin_client.post(
        f"/admin/users/{leader.id}/role", data={"role": "rep"}, follow_redirects=True
    )
    assert f"{leader.name} est désormais commercial." in text(done.get_data(as_text=True))
    mine = admin_client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert "Vous ne pouvez pas désactiver votre propre compte." in text(mine.get_data(as_text=True))


def test_the_team_scope_and_erase_speak_german(admin_client, admin, leader):
    admin.language = "de"
    db.session.commit()
    scope = admin_client.post(
        f"/admin/users/{leader.id}/scope", data={"limit": "every"}, follow_redirects=True
    )
    assert f"{leader.name} sieht jetzt: Alle Teams." in text(scope.get_data(as_text=True))
    erase = text(admin_client.get(f"/admin/users/{leader.id}/erase").get_data(as_text=True))
    assert "Was gelöscht wird" in erase
    assert "0 Selbstchecks (die privaten Kreuze und Notizen)." in erase
    gone = admin_client.post(f"/admin/users/{leader.id}/erase", follow_redirects=True)
    assert "Selbstchecks von" in text(gone.get_data(as_text=True))


def test_an_english_admin_sees_the_users_pages_as_before(admin_client, admin, leader):
    english = text(admin_client.get("/admin/users").get_data(as_text=True))
    assert "Sales leader" in english
    assert "Admin" in english
    done = admin_client.post(
        f"/admin/users/{leader.id}/role", data={"role": "rep"}, follow_redirects=True
    )
    assert f"{leader.name} is now sales rep." in text(done.get_data(as_text=True))
    bad = admin_client.post("/admin/users/invite", data={"email": "x@y", "role": "rep"})
    assert "is not a valid email address: The part after" in text(bad.get_data(as_text=True))
