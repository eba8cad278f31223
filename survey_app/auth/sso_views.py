"""``/auth/sso`` (the email that picks the organisation's provider) and
``/auth/sso/callback`` (where the provider sends the person back).

The callback is a GET that writes (a new account, a signed-in device, an audit entry) by
design: the provider redirects the browser there. It is safe to be reached from another site
because nothing happens without the ``state`` this browser's session was given when it set
off, and the code it carries is worthless without the PKCE verifier kept beside that state.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from authlib.integrations.base_client import OAuthError
from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from joserfc.errors import JoseError
from requests import RequestException
from werkzeug.wrappers import Response

from .. import audit
from ..account.sessions import start_session
from ..extensions import db, limiter
from ..models.sso import SsoSettings
from . import sso
from .forms import LoginForm, SsoForm
from .views import bp


def _failed(reason: str) -> str:
    """The error shown under the single sign-on form, in the page's language."""
    return _("Single sign-on did not complete: %(reason)s", reason=reason)


def _login_page(sso_form: SsoForm, status: int = 200) -> tuple[str, int]:
    page = render_template("auth/login.html", form=LoginForm(formdata=None), sso_form=sso_form)
    return page, status


@bp.post("/sso")
@limiter.limit("20 per minute")
def sso_start() -> str | tuple[str, int]:
    form = SsoForm()
    if not form.validate_on_submit():
        return _login_page(form)
    email = form.sso_email.data or ""
    row = sso.provider_for_email(email)
    if row is None:
        form.sso_email.errors.append(
            _(
                "Single sign-on is not set up for %(domain)s. "
                "Sign in with your password, or ask your administrator.",
                domain=sso.email_domain(email),
            )
        )
        return _login_page(form)
    client = sso.client_for(row)
    redirect_uri = url_for("auth.sso_callback", _external=True)
    try:
        sso.check_issuer(client, row)
        rv = client.create_authorization_url(redirect_uri, login_hint=sso.normalise_email(email))
    except sso.SsoRefused as exc:
        form.sso_email.errors.append(_failed(exc.shown()))
        return _login_page(form, 502)
    except (RequestException, ValueError, KeyError) as exc:
        current_app.logger.warning("sso: the provider of %s did not answer: %s", row.issuer, exc)
        form.sso_email.errors.append(_failed(_("the sign-in provider did not answer.")))
        return _login_page(form, 502)
    client.save_authorize_data(redirect_uri=redirect_uri, **rv)
    session[sso.PENDING] = {"state": rv["state"], "org": row.organization_id}
    # A page that goes on, not a redirect: see static/js/sso_continue.js (form-action 'self').
    host = urlsplit(rv["url"]).netloc
    return render_template("auth/sso_continue.html", authorize_url=rv["url"], provider_host=host)


def _refused(message: str) -> tuple[str, int]:
    form = SsoForm(formdata=None)
    form.sso_email.errors = [_failed(message)]  # a form never validated has a tuple
    return _login_page(form, 403)


@bp.get("/sso/callback")
def sso_callback() -> Response | tuple[str, int]:
    pending = session.pop(sso.PENDING, None) or {}
    state = request.args.get("state", "")
    if not state or pending.get("state") != state:
        return _refused(_("this sign-in was not started here, or has expired. Try again."))
    row = db.session.get(SsoSettings, pending.get("org"))
    if row is None or not row.enabled:
        return _refused(_("single sign-on is switched off for your organisation."))
    client = sso.client_for(row)
    identity: sso.Identity | None = None
    try:
        sso.check_issuer(client, row)
        token = client.authorize_access_token()
        identity = sso.identity_from(token.get("userinfo") or {})
        user = sso.user_for(row, identity)
    except sso.SsoRefused as exc:
        if identity is not None:  # recorded for an existing account only, like a password's
            audit.failed_sign_in(identity.email, details=f"single sign-on: {exc}")
        return _refused(exc.shown())
    except (OAuthError, JoseError) as exc:
        current_app.logger.warning("sso: refused answer from %s: %s", row.issuer, exc)
        return _refused(_("the sign-in provider's answer could not be verified."))
    except (RequestException, ValueError, KeyError) as exc:
        current_app.logger.warning("sso: the provider %s failed: %s", row.issuer, exc)
        return _refused(_("the sign-in provider did not answer."))
    start_session(user, details="single sign-on")
    return redirect(url_for("main.index"))
