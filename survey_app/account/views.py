"""``/account``: every user's own name, password and signed-in devices."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext, refresh
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..auth.passwords import hash_password, verify_password
from ..extensions import db
from ..models import ApiToken, User
from ..models._types import utcnow
from . import links, tokens
from .forms import TOKEN_PREFIX, ChangePasswordForm, LanguageForm, NameForm, TokenForm
from .sessions import (
    device_in_language,
    devices,
    end_other_sessions,
    forget_all_devices,
    start_session,
)

bp = Blueprint("account", __name__, url_prefix="/account")


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return, attr-defined]


def _page(
    name_form: NameForm | None = None,
    password_form: ChangePasswordForm | None = None,
    token_form: TokenForm | None = None,
    new_token: tuple[ApiToken, str] | None = None,
    language_form: LanguageForm | None = None,
) -> str:
    """The account page; a form that was refused is shown again with its errors. A token
    just made (``new_token``: the row and its plaintext) is shown this once."""
    me = _me()
    return render_template(
        "account/index.html",
        name_form=name_form or NameForm(formdata=None, name=me.name),
        language_form=language_form or LanguageForm(formdata=None, language=me.language),
        password_form=password_form or ChangePasswordForm(formdata=None),
        devices=devices(me),
        device_in_language=device_in_language,
        api_allowed=tokens.may_use_api(me),
        tokens=tokens.tokens_of(me),
        token_form=token_form or TokenForm(formdata=None, prefix=TOKEN_PREFIX),
        new_token=new_token,
        now=utcnow(),
    )


@bp.get("")
@login_required
def index() -> str:
    return _page()


@bp.post("/name")
@login_required
def change_name() -> Response | str:
    form = NameForm()
    if not form.validate_on_submit():
        return _page(name_form=form)
    _me().name = (form.name.data or "").strip()
    db.session.commit()
    flash(_("Your name is saved."), "success")
    return redirect(url_for("account.index"))


@bp.post("/language")
@login_required
def change_language() -> Response | str:
    form = LanguageForm()
    if not form.validate_on_submit():
        return _page(language_form=form)
    _me().language = str(form.language.data)
    db.session.commit()
    refresh()  # the message in the language just picked
    flash(_("Your language is saved."), "success")
    return redirect(url_for("account.index"))


@bp.post("/password")
@login_required
def change_password() -> Response | str:
    """A new password needs the current one. Every other device is signed out: whoever
    knew the old password is out too. This device stays signed in."""
    form = ChangePasswordForm()
    me = _me()
    if form.validate_on_submit() and not verify_password(me.password_hash, form.current.data or ""):
        form.current.errors = [_("This is not your current password.")]
    elif form.validate_on_submit():
        me.password_hash = hash_password(form.password.data or "")
        links.retire_links(me)
        forget_all_devices(me)
        start_session(me)  # commits; this device gets a fresh key
        flash(_("Your password is changed. Your other devices are signed out."), "success")
        return redirect(url_for("account.index"))
    return _page(password_form=form)


@bp.post("/sessions/sign-out-others")
@login_required
def sign_out_others() -> Response:
    ended = end_other_sessions(_me())
    if ended:
        message = ngettext(
            "%(num)s other device signed out.", "%(num)s other devices signed out.", ended
        )
    else:
        message = _("No other device was signed in.")
    flash(message, "info")
    return redirect(url_for("account.index"))
