""" "Forgot password" and the set-password page that invitation and reset links open.

The link's token travels in the query string of the GET and in a hidden field of the POST,
never in a path: the app's access logs keep paths only (survey_app/account/logs.py).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from ..auth.passwords import hash_password
from ..auth.services import normalise_email
from ..campaigns.web import base_url
from ..extensions import db, limiter
from ..i18n import language_or_default, rendering_in
from ..jobs import enqueue
from ..models import LinkPurpose
from . import links
from .forms import ForgotPasswordForm, SetPasswordForm
from .mail_jobs import send_reset_link
from .sessions import forget_all_devices, start_session
from .throttle import count_request, lock_message

bp = Blueprint("password", __name__, url_prefix="/auth")

Page = Response | str | tuple[str, int]


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
def forgot() -> Page:
    """The same answer whether or not an account has the address; throttled like sign-in."""
    if current_user.is_authenticated:
        return redirect(url_for("account.index"))
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("account/forgot.html", form=form, sent=False)
    email = normalise_email(form.email.data or "")
    lock = count_request(email)
    if lock is not None:
        form.email.errors.append(lock_message(lock))
        return render_template("account/forgot.html", form=form, sent=False), 429
    minutes = int(links.lifetime(LinkPurpose.RESET).total_seconds() // 60)
    # Queued for every address, known or not: the task looks the account up, so this request
    # takes the same time either way (see .mail_jobs).
    db.session.commit()  # the throttle's count, and no transaction left open for the task
    enqueue(send_reset_link, email, base_url())
    return render_template(
        "account/forgot.html", form=form, sent=True, email=email, minutes=minutes
    )


def _link_problem(state: links.LinkState) -> tuple[str, int]:
    code = 404 if state.link is None else 410
    return render_template("account/link_problem.html", problem=state.problem), code


@bp.route("/set-password", methods=["GET", "POST"])
def set_password() -> Page:
    """Choose a password from an invitation or reset link; the link is spent, every other
    device of the account is signed out, and this one is signed in."""
    if request.method == "GET":
        token = request.args.get("token", "")
        if not token:
            return render_template("account/link_problem.html", problem=None)
        form = SetPasswordForm(token=token)
    else:
        form = SetPasswordForm()
        token = form.token.data or ""
    state = links.look_up(token)
    if state.problem is not None or state.user is None:
        return _link_problem(state)
    if not form.validate_on_submit():
        return render_template("account/set_password.html", form=form, user=state.user)
    state = links.redeem(token)
    user = state.user
    if state.problem is not None or user is None:
        return _link_problem(state)
    user.password_hash = hash_password(form.password.data or "")
    links.retire_links(user)
    forget_all_devices(user)
    if current_user.is_authenticated:
        logout_user()
    start_session(user)  # commits the claim, the password and the new device together
    # Shown on the home page, which speaks the account's own language from now on.
    with rendering_in(language_or_default(user.language)):
        flash(_("Your password is set. You are signed in."), "success")
    return redirect(url_for("main.index"))
