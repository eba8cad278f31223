"""The private link a respondent's first save gave them, mailed from the job queue.

The save's request only queues the mail: it never waits on SMTP (up to ``SMTP_TIMEOUT``
seconds when the mail server is slow). The link is a bearer secret, and the queue's storage
(a SQLite file in ``instance/``, or Redis) must never hold it in the clear: it travels sealed
with Fernet (authenticated encryption, ``cryptography``) under a key derived from the app's
``SECRET_KEY``. The task mails it only while it is still the invitation's link (a second save
from another device may have replaced it), and a retry after a refused mail sends the same link.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

from ..campaigns.invitations import invitation_url
from ..campaigns.mail import build_private_link_message, mail_enabled, send_all
from ..extensions import db
from ..i18n import DEFAULT, rendering_in
from ..jobs import enqueue, job
from ..models import Invitation, token_digest

_PURPOSE = b"survey_app: a private survey link in the job queue"


class PrivateLinkMailFailed(RuntimeError):
    """The mail server did not take the mail: Huey retries with backoff."""


def _fernet() -> Fernet:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    key = HKDF(algorithm=SHA256(), length=32, salt=None, info=_PURPOSE).derive(secret)
    return Fernet(base64.urlsafe_b64encode(key))


def seal(token: str) -> str:
    return _fernet().encrypt(token.encode()).decode("ascii")


def unseal(sealed: str) -> str | None:
    """The link's token, or None if it was sealed under another SECRET_KEY (rotated since)."""
    try:
        return _fernet().decrypt(sealed.encode("ascii")).decode()
    except InvalidToken:
        return None


def queue_private_link(invitation_id: int, token: str, base_url: str, language: str) -> None:
    """Queue the mail of ``token``, the invitation's new private link (committed already), in
    ``language``, the one its respondent is answering in."""
    enqueue(send_private_link, invitation_id, seal(token), base_url, language)


@job(retries=3, retry_delay=30.0, retry_backoff=2.0)
def send_private_link(
    invitation_id: int, sealed: str, base_url: str, language: str = DEFAULT
) -> None:
    config = current_app.config
    token = unseal(sealed)
    if token is None or not mail_enabled(config):
        return
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or not invitation.email:
        return
    if invitation.token_hash != token_digest(token):
        return  # replaced by a later save's link, which was mailed in turn
    campaign = invitation.campaign
    with rendering_in(language):
        message = build_private_link_message(
            config,
            invitation.email,
            invitation_url(base_url, token),
            campaign.title,
            campaign.company.name,
            campaign.closes_on,
        )
    report = send_all(config, [message])
    if report.failed:
        current_app.logger.warning("private link not mailed: %s", report.error_summary)
        raise PrivateLinkMailFailed(report.error_summary)
