"""The pages before signing in, in four languages (issue 17): the sign-in page, single sign-on,
"Forgot password" and the set-password page of invitation and reset links, in the browser's
``Accept-Language`` or the language picked on the page (``?lang=``, kept in the session); the
invitation and reset emails in the account's own language; English unchanged without either."""

from __future__ import annotations

import html
import re
import time
from email.header import decode_header, make_header

import pytest
from flask import render_template, template_rendered
from sqlalchemy import select

from survey_app.admin import services
from survey_app.extensions import db
from survey_app.models import Role, User

from . import factories
from .smtp import text_of
from .untranslated import untranslated, with_their_parts

NNBSP = "\N{NARROW NO-BREAK SPACE}"
NBSP = "\N{NO-BREAK SPACE}"  # before a colon; the narrow one before ; ! ?
LINK = re.compile(r"/auth/set-password\?token=([A-Za-z0-9_\-]+)")


def text(page: str) -> str:
    """The words of a page, its tags and runs of ASCII white space each one space (not the
    no-break spaces, which French typography asks for and the tests check)."""
    return html.unescape(re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", page)))


def _token(org, email: str = "new@example.com") -> str:
    issued = services.invite(org, email, "New Person", Role.REP)
    db.session.commit()
    return issued.token


def _walk(client, leader, org, first_query: str, headers: dict[str, str]) -> list[tuple]:
    """Every signed-out page, GET and the error re-renders of its POSTs: (what, response)."""
    token = _token(org)
    wrong = {"email": leader.email, "password": "not the password"}
    return [
        ("sign-in", client.get(f"/auth/login{first_query}", headers=headers)),
        ("wrong password", client.post("/auth/login", data=wrong, headers=headers)),
        ("empty sign-in", client.post("/auth/login", data={}, headers=headers)),
        ("no sso", client.post("/auth/sso", data={"sso_email": "a@nosso.com"}, headers=headers)),
        ("sso empty", client.post("/auth/sso", data={}, headers=headers)),
        ("sso callback", client.get("/auth/sso/callback?state=x", headers=headers)),
        ("forgot", client.get("/auth/forgot", headers=headers)),
        ("forgot empty", client.post("/auth/forgot", data={"email": ""}, headers=headers)),
        ("forgot sent", client.post("/auth/forgot", data={"email": "x@ex.com"}, headers=headers)),
        ("no token", client.get("/auth/set-password", headers=headers)),
        ("bad token", client.get("/auth/set-password?token=nope", headers=headers)),
        ("set", client.get(f"/auth/set-password?token={token}", headers=headers)),
        (
            "set short",
            client.post(
                "/auth/set-password",
                data={"token": token, "password": "short", "confirm": "other"},
                headers=headers,
            ),
        ),
    ]


@pytest.mark.parametrize(
    ("first_query", "headers", "language"),
    [("", {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}, "fr"), ("?lang=de", {}, "de")],
)
def test_no_signed_out_page_leaves_english(
    app, client, leader, org, first_query, headers, language
):
    rendered: set[str] = set()

    def record(_sender, template, context, **_extra) -> None:
        rendered.add(template.name)

    with template_rendered.connected_to(record, app):
        for what, page in _walk(client, leader, org, first_query, headers):
            assert page.status_code in (200, 400, 403, 404, 410), (what, page.status_code)
            assert f'<html lang="{language}">' in page.get_data(as_text=True), what
        # The page that hands over to the provider (reached only with one set up): rendered
        # here as the view renders it, in the language chosen above.
        with app.test_request_context(f"/auth/sso?lang={language}", method="POST"):
            from flask import session

            session["survey_language"] = language
            page = render_template(
                "auth/sso_continue.html",
                authorize_url="https://id.example.com/a",
                provider_host="id.example.com",
            )
            assert f'<html lang="{language}">' in page
    assert {"auth/login.html", "account/forgot.html", "account/set_password.html"} <= rendered
    assert "account/link_problem.html" in rendered
    assert "auth/sso_continue.html" in rendered
    templates = with_their_parts(app.jinja_env, rendered)
    english = {
        name: found for name in sorted(templates) if (found := untranslated(app.jinja_env, name))
    }
    assert not english, "English written into signed-out pages:\n" + "\n".join(
        f"{name}: {found}" for name, found in english.items()
    )


def test_the_signed_out_pages_speak_french(client, leader, org):
    fr = {"Accept-Language": "fr"}
    login = text(client.get("/auth/login", headers=fr).get_data(as_text=True))
    assert "Se connecter" in login
    assert f"Mot de passe oublié{NNBSP}?" in login
    assert "Rester connecté(e) sur cet appareil" in login
    assert "Continuer avec l’authentification unique" in login
    assert "Sign in" not in login
    assert "Forgot password" not in login
    wrong = client.post(
        "/auth/login", data={"email": leader.email, "password": "wrong"}, headers=fr
    )
    assert "L’adresse e-mail ou le mot de passe est incorrect." in text(
        wrong.get_data(as_text=True)
    )
    sso = client.post("/auth/sso", data={"sso_email": "pat@nosso.com"}, headers=fr)
    assert "L’authentification unique n’est pas configurée pour nosso.com." in text(
        sso.get_data(as_text=True)
    )
    refused = client.get("/auth/sso/callback?state=x", headers=fr)
    assert f"L’authentification unique n’a pas abouti{NBSP}: cette connexion" in text(
        refused.get_data(as_text=True)
    )
    sent = client.post("/auth/forgot", data={"email": "x@example.com"}, headers=fr)
    sent_page = text(sent.get_data(as_text=True))
    assert "Si un compte utilise" in sent_page
    assert "nous lui avons envoyé un lien pour choisir un nouveau mot de passe." in sent_page
    bad = client.get("/auth/set-password?token=nope", headers=fr)
    assert bad.status_code == 404
    assert "Ce lien n’est pas valide." in text(bad.get_data(as_text=True))
    token = _token(org)
    short = client.post(
        "/auth/set-password",
        data={"token": token, "password": "short", "confirm": "short"},
        headers=fr,
    )
    page = text(short.get_data(as_text=True))
    assert "Choisissez votre mot de passe" in page
    assert "Définir le mot de passe et se connecter" in page


def test_the_lock_messages_speak_german(app, client, leader):
    app.config["LOGIN_MAX_FAILURES_PER_EMAIL"] = 2
    client.get("/auth/login?lang=de")
    for _ in range(2):
        client.post("/auth/login", data={"email": leader.email, "password": "wrong"})
    locked = client.post("/auth/login", data={"email": leader.email, "password": "wrong"})
    assert locked.status_code == 429
    page = locked.get_data(as_text=True)
    assert "Zu viele fehlgeschlagene Anmeldungen für dieses Konto." in text(page)
    assert "„<bdi>Passwort vergessen?</bdi>“" in page  # a quotation, isolated where shown
    for _ in range(2):
        client.post("/auth/forgot", data={"email": leader.email})
    reset = client.post("/auth/forgot", data={"email": leader.email})
    assert reset.status_code == 429
    assert "Zu viele Anfragen zum Zurücksetzen für diese E-Mail-Adresse." in text(
        reset.get_data(as_text=True)
    )


def test_the_picked_language_survives_to_the_post_and_beats_the_browser(client, leader):
    picked = client.get("/auth/login?lang=de", headers={"Accept-Language": "fr"})
    page = picked.get_data(as_text=True)
    assert '<html lang="de">' in page
    assert 'href="/auth/login?lang=fr"' in page  # the picker, each language by its own name
    assert ">Deutsch</a>" in page
    assert ">Français</a>" in page
    wrong = client.post(
        "/auth/login",
        data={"email": leader.email, "password": "not the password"},
        headers={"Accept-Language": "fr"},
    )
    page = wrong.get_data(as_text=True)
    assert '<html lang="de">' in page
    assert "E-Mail oder Passwort ist nicht richtig." in text(page)
    assert "Anmelden" in text(page)


def test_the_picker_keeps_the_page_to_go_back_to(client):
    page = client.get("/auth/login?next=/campaigns").get_data(as_text=True)
    assert 'href="/auth/login?lang=de&amp;next=/campaigns"' in page


def test_english_without_a_language_is_as_before(client, leader, org):
    login = client.get("/auth/login").get_data(as_text=True)
    assert '<html lang="en">' in login
    assert '<h1 class="h3 mb-3">Sign in</h1>' in login
    assert "Forgot password?" in login
    wrong = client.post("/auth/login", data={"email": leader.email, "password": "wrong"})
    assert "Email or password is not right." in wrong.get_data(as_text=True)
    bad = client.get("/auth/set-password?token=nope").get_data(as_text=True)
    assert "This link is not valid. Check that you copied all of it" in bad
    forgot = client.get("/auth/forgot").get_data(as_text=True)
    assert "Enter the email you sign in with." in forgot


def test_once_signed_in_the_users_own_language_rules(client, leader):
    leader.language = "fr"
    db.session.commit()
    client.get("/auth/login?lang=de")
    signed_in = client.post(
        "/auth/login", data={"email": leader.email, "password": factories.PASSWORD}
    )
    assert signed_in.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert '<html lang="fr">' in home
    # Signing out lands on the sign-in page in the language picked there, flash and all.
    out = client.post("/auth/logout", follow_redirects=True).get_data(as_text=True)
    assert '<html lang="de">' in out
    assert "Sie sind abgemeldet." in out


def test_an_address_that_matches_no_page_answers_in_the_persons_language(client, leader):
    """The error page is translated whole: signed out it follows the browser, signed in the
    user's own language; an unknown API address stays English problem JSON."""
    lost = client.get("/no-such-page", headers={"Accept-Language": "de"})
    assert lost.status_code == 404
    page = lost.get_data(as_text=True)
    assert '<html lang="de">' in page
    assert "Wir konnten diese Seite nicht finden" in page
    api = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "de"})
    assert api.status_code == 404
    assert api.get_json()["title"] == "Not Found"
    leader.language = "fr"
    db.session.commit()
    client.post("/auth/login", data={"email": leader.email, "password": factories.PASSWORD})
    page = client.get("/no-such-page", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Nous n’avons pas trouvé cette page" in page


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _wait_for(smtp_server, count: int):
    for _ in range(200):  # the mail may go on a thread of its own
        if len(smtp_server.messages) > count:
            break
        time.sleep(0.02)
    _, message = smtp_server.messages[-1]
    return message


def test_the_reset_mail_goes_out_in_the_users_language(client, leader, smtp_server):
    leader.language = "fr"
    db.session.commit()
    client.post("/auth/forgot", data={"email": leader.email})  # an English page: the mail is his
    message = _wait_for(smtp_server, 0)
    assert _subject(message) == "Réinitialisez votre mot de passe"
    body = text_of(message).replace("\r\n", "\n")
    assert body.startswith("Bonjour,\n\nQuelqu’un (vous, nous l’espérons) a demandé")
    assert f"Choisissez ici un nouveau mot de passe{NBSP}:" in body
    assert "Le lien fonctionne une seule fois, pendant 60 minutes." in body
    assert LINK.search(body)
    assert "Hello" not in body
    assert "The link" not in body


def test_the_invitation_goes_out_in_the_invitees_language(app, admin_client, smtp_server):
    admin_client.post(
        "/admin/users/invite", data={"email": "ivy@example.com", "name": "Ivy", "role": "rep"}
    )
    english = _wait_for(smtp_server, 0)
    assert _subject(english).startswith("You are invited to ")  # no language yet: English
    ivy = db.session.scalar(select(User).where(User.email == "ivy@example.com"))
    ivy.language = "de"
    db.session.commit()
    count = len(smtp_server.messages)
    admin_client.post(f"/admin/users/{ivy.id}/send-link")
    german = _wait_for(smtp_server, count)
    assert _subject(german) == f"Sie sind zu {ivy.organization.name} eingeladen"
    body = text_of(german).replace("\r\n", "\n")
    assert body.startswith("Guten Tag,\n\n")
    assert "lädt Sie zu" in body
    assert "Der Link funktioniert einmal und 72 Stunden lang." in body
    assert "Hello" not in body
