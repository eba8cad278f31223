"""Sign in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from werkzeug.wrappers import Response

from .. import audit
from ..account.sessions import start_session
from ..db_errors import forget_transaction, is_unavailable
from ..extensions import limiter
from ..i18n import lazy_gettext, rendering_in, signed_out_language
from . import throttle
from .forms import LoginForm, SsoForm
from .services import authenticate, end_all_sessions
from .sso import password_refused

SIGN_IN_WITH_SSO_ONLY = lazy_gettext(
    "Password sign-in is turned off for your organisation. "
    'Use "Continue with single sign-on" below.'
)

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _safe_next(target: str | None) -> str:
    """A path on this site to go back to after sign-in; anything else is the start page.

    Browsers drop tabs and newlines from a URL and read ``\\`` as ``/``, so ``/\\evil.example``
    and ``/<tab>/evil.example`` lead to another site; a newline would also break the
    Location header (a 500). Such targets, and control characters, are never followed.
    """
    if not target or not target.isprintable() or "\\" in target:
        return url_for("main.index")
    if target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.netloc and not parts.scheme:
            return target
    return url_for("main.index")


def _forgive_failures(email: str) -> None:
    """A right password clears the account's failed attempts, if the database can take the
    write. A full or read-only database must not turn a correct sign-in into an error page:
    the rows are left to expire with the lock window."""
    try:
        throttle.clear(email)
    except Exception as exc:
        if not is_unavailable(exc):
            raise
        forget_transaction()
        current_app.logger.warning("sign-in: failed attempts not cleared: %s", exc)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
def login() -> Response | str | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data or ""
        # Counted as a failure before the password is checked, so that concurrent attempts
        # cannot all get through (see throttle.begin); a right password clears it.
        lock = throttle.begin(email)
        if lock is not None:  # no password is checked while locked, not even a right one
            audit.failed_sign_in(email, details="refused: too many attempts")
            form.email.errors.append(lock.message)
            return render_template("auth/login.html", form=form, sso_form=SsoForm()), 429
        user = authenticate(email, form.password.data or "")
        if user is not None and password_refused(user):  # single sign-on only (auth/sso.py)
            audit.failed_sign_in(email, details="refused: password sign-in is off")
            form.password.errors.append(str(SIGN_IN_WITH_SSO_ONLY))
            return render_template("auth/login.html", form=form, sso_form=SsoForm()), 403
        if user is not None:
            start_session(user, remember=bool(form.remember.data))
            _forgive_failures(email)
            return redirect(_safe_next(request.args.get("next")))
        audit.failed_sign_in(email)
        form.password.errors.append(_("Email or password is not right."))
    return render_template("auth/login.html", form=form, sso_form=SsoForm(formdata=None))


@bp.post("/logout")
@login_required
def logout() -> Response:
    end_all_sessions(current_user._get_current_object())  # type: ignore[attr-defined]
    logout_user()
    with rendering_in(signed_out_language()):  # the language of the sign-in page it lands on
        flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


from . import sso_views  # noqa: E402, F401 - the single sign-on routes, on this blueprint
