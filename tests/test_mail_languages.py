"""The respondents' mails in their language (issue 17): invitations and reminders in the
campaign's language, the private link in the language its respondent answers in. Sent by the
queue to a real SMTP server (aiosmtpd) and read back as a mail client reads them."""

from __future__ import annotations

from datetime import date
from email.header import decode_header, make_header

import pytest
from sqlalchemy import select

from survey_app.campaigns.mail_jobs import queue_mail
from survey_app.extensions import db
from survey_app.i18n import mail_language
from survey_app.models import Invitation, MailKind
from tests import factories
from tests.smtp import html_of, text_of

from .test_private_links import private_token, save


def _text(message) -> str:
    return text_of(message).replace("\r\n", "\n")


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _campaign(org, languages: list[str]):
    campaign = factories.make_campaign(factories.make_company(org, "Globex"), title="Pulse")
    campaign.languages = languages
    campaign.closes_on = date(2027, 3, 1)
    db.session.commit()
    return campaign


def _invite(leader_client, campaign, email: str) -> None:
    response = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails", data={"emails-emails": email}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("languages", "expected"),
    [(["en", "es", "fr", "de"], "en"), (["fr"], "fr"), (["de", "fr"], "fr"), (["de"], "de")],
)
def test_a_campaigns_mail_language_is_english_if_offered_else_the_first_offered(
    languages, expected
):
    assert mail_language(languages) == expected


def test_invitations_and_reminders_go_out_in_the_campaigns_language(
    app, leader_client, org, smtp_server
):
    campaign = _campaign(org, ["fr"])
    _invite(leader_client, campaign, "ann@example.com")
    ((_, invitation),) = smtp_server.messages
    assert _subject(invitation) == "Votre avis sur le travail d’équipe\u00a0: Pulse"
    text = _text(invitation)
    assert text.startswith("Bonjour,\n\nVous êtes invité(e) à participer à «\u00a0Pulse\u00a0»")
    assert "Le questionnaire se ferme le 1 mars 2027." in text
    assert "Envoyé pour Globex par Teamwork Scorecard." in text
    assert "Pour ne plus recevoir d’e-mails sur ce questionnaire\u00a0: http://localhost/u/" in text
    html = html_of(invitation)
    assert '<html lang="fr">' in html
    assert "Ouvrir le questionnaire" in html
    for english in ("Hello", "invited", "The survey closes", "Open the survey", "Sent for"):
        assert english not in text
        assert english not in html
    # The opt-out page its link opens speaks the mail's language, asking and done.
    path = invitation["List-Unsubscribe"][1:-1].removeprefix("http://localhost")
    mail_client = app.test_client()
    asked = mail_client.get(path).get_data(as_text=True)
    assert "Ne plus recevoir d’e-mails sur ce questionnaire\u202f?" in asked
    assert "Arrêter les e-mails" in asked
    assert "Stop the emails" not in asked
    done = mail_client.post(path, data={"List-Unsubscribe": "One-Click"}).get_data(as_text=True)
    assert "Vous ne recevrez plus d’e-mails sur ce questionnaire" in done

    _invite(leader_client, campaign, "bob@example.com")  # Ann declined: Bob is reminded
    ids = list(db.session.scalars(select(Invitation.id)))
    with app.test_request_context():
        queue_mail(campaign, ids, MailKind.REMINDER, "http://localhost/")
    assert smtp_server.messages[-1][0] == ["bob@example.com"]
    reminder = smtp_server.messages[-1][1]
    assert _subject(reminder) == "Rappel\u00a0: votre avis sur le travail d’équipe\u00a0: Pulse"
    assert "Ceci est un rappel concernant «\u00a0Pulse\u00a0»" in _text(reminder)


def test_a_campaign_offering_english_invites_in_english_as_before(leader_client, org, smtp_server):
    campaign = _campaign(org, ["en", "es", "fr", "de"])
    _invite(leader_client, campaign, "bob@example.com")
    ((_, invitation),) = smtp_server.messages
    assert _subject(invitation) == "Your views on teamwork: Pulse"
    text = _text(invitation)
    assert text.startswith("Hello,\n\nYou are invited to take part in “Pulse”")
    assert "The survey closes on 1 Mar 2027." in text
    assert '<html lang="en">' in html_of(invitation)


def test_the_private_link_is_mailed_in_the_language_its_respondent_answers_in(
    app, leader_client, org, smtp_server
):
    campaign = _campaign(org, ["en", "es", "fr", "de"])
    _invite(leader_client, campaign, "pat@example.com")
    (token,) = factories.tokens_in(text_of(smtp_server.messages[0][1]))
    respondent = app.test_client()
    respondent.get(f"/s/{token}")
    assert respondent.get("/survey?lang=de").status_code == 200  # Pat picks German
    saved = save(respondent, {"action": "save"})
    mine = private_token(saved.location)

    recipients, message = smtp_server.messages[-1]
    assert recipients == ["pat@example.com"]
    assert _subject(message) == "Ihr privater Link zum Fortfahren: Pulse"
    text = _text(message)
    assert text.startswith("Guten Tag,\n\nIhre Antworten zu „Pulse“ (Globex) sind gespeichert.")
    assert mine in text
    assert "Die Umfrage endet am 01.03.2027." in text
