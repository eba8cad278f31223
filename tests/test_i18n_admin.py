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


SETTINGS = {
    "name": "Acme Sales",
    "min_group_size": "5",
    "own_at_risk": "40",
    "own_toxic": "30",
    "prospect_at_risk": "20",
    "prospect_toxic": "40",
    "widespread": "50",
    "dominant": "75",
    "widespread_count": "3",
    "comment_threshold": "4",
    "paper": "a4",
    "accent": "#66a3ff",
}


def test_the_settings_say_why_in_french(admin_client, admin):
    admin.language = "fr"
    db.session.commit()
    french = text(admin_client.post("/admin/settings", data=SETTINGS).get_data(as_text=True))
    assert "Paramètres de l’organisation" in french
    assert (
        "Toxique doit commencer au-dessus de À risque (40) : saisissez un nombre de 41 à 100."
        in (french)
    )
    assert "Un texte blanc sur #66a3ff a un contraste de 2,3:1 ; il faut 4,5:1" in french
    assert "saisissez 5 (la taille minimale de groupe) ou plus." in french
    wrong = text(
        admin_client.post("/admin/settings", data={**SETTINGS, "min_group_size": "99"}).get_data(
            as_text=True
        )
    )
    assert "Saisissez un nombre entier de 3 à 10." in wrong


def test_a_webhook_and_single_sign_on_in_german(admin_client, admin):
    admin.language = "de"
    db.session.commit()
    refused = admin_client.post("/admin/settings/webhooks", data={"url": "ftp://x"})
    german = text(refused.get_data(as_text=True))
    assert "Verwenden Sie eine http://- oder https://-Adresse." in german
    assert "Wählen Sie mindestens ein Ereignis." in german
    assert "Eine Kampagne wurde geöffnet" in german
    added = admin_client.post(
        "/admin/settings/webhooks",
        data={"url": "https://hooks.example.com/in", "events": ["campaign.opened"]},
    )
    assert "Endpunkt hinzugefügt:" in text(added.get_data(as_text=True))
    sso = admin_client.post(
        "/admin/sso",
        data={
            "issuer": "https://id.example.com",
            "client_id": "c",
            "email_domain": "example.com",
            "break_glass": "",
            "default_role": "rep",
        },
    )
    assert "Geben Sie das Client-Geheimnis ein." in text(sso.get_data(as_text=True))


def test_an_english_admin_sees_the_settings_as_before(admin_client):
    english = text(admin_client.post("/admin/settings", data=SETTINGS).get_data(as_text=True))
    assert "Toxic must start above At risk (40): enter a number from 41 to 100." in english
    assert "White text on #66a3ff has a contrast of 2.3:1; it needs 4.5:1" in english
    sso = admin_client.post(
        "/admin/sso",
        data={
            "issuer": "https://id.example.com",
            "client_id": "c",
            "email_domain": "example.com",
            "break_glass": "",
            "default_role": "rep",
        },
    )
    assert "Enter the client secret." in text(sso.get_data(as_text=True))


def test_the_audit_log_shows_its_names_in_french_and_its_csv_as_stored(admin_client, admin, leader):
    admin_client.post(f"/admin/users/{leader.id}/role", data={"role": "rep"})
    admin.language = "fr"
    db.session.commit()
    page = admin_client.get("/admin/audit?since=soon&action=nothing")
    assert '<html lang="fr">' in page.get_data(as_text=True)
    french = text(page.get_data(as_text=True))
    assert "Journal d’audit" in french
    assert "Changement de rôle" in french
    assert "utilisateur" in french
    assert "Du : saisissez une date au format AAAA-MM-JJ." in french
    assert "Action : choisissez-en une dans la liste." in french
    assert "Role change" not in french
    csv = admin_client.get("/admin/audit.csv").get_data(as_text=True)
    assert "role change" in csv
    assert "Changement de rôle" not in csv


def test_an_english_admin_sees_the_audit_log_as_before(admin_client, leader):
    admin_client.post(f"/admin/users/{leader.id}/role", data={"role": "rep"})
    english = text(admin_client.get("/admin/audit?since=soon").get_data(as_text=True))
    assert "Role change" in english
    assert "From: enter a date as YYYY-MM-DD." in english
    assert "Pdf download" in english  # the filter's list, as it always read
