"""``/account/tokens``: a leader's or admin's personal access tokens for the REST API.

Made on the account page (the plaintext shown once, on the page that answers the POST, never
in a redirect, a flash message or a log), revoked through a confirmation page.
"""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..confirm import Confirmation, ConfirmForm, confirmation_page, named
from ..models import TokenScope, User
from ..text import page_day
from . import tokens
from .forms import TOKEN_PREFIX, TokenForm
from .views import _page, bp


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return, attr-defined]


@bp.post("/tokens")
@login_required
def create_token() -> str:
    form = TokenForm(prefix=TOKEN_PREFIX)
    if not tokens.may_use_api(_me()):
        abort(403)
    if not form.validate_on_submit():
        return _page(token_form=form)  # the form again, with its errors and what was typed
    token, plaintext = tokens.create_token(
        _me(), form.name.data or "", TokenScope(form.scope.data), int(form.days.data or 0)
    )
    return _page(new_token=(token, plaintext))


@bp.route("/tokens/<int:token_id>/revoke", methods=["GET", "POST"])
@login_required
def revoke_token(token_id: int) -> Response | tuple[str, int]:
    token = tokens.own_token(_me(), token_id)
    if token is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        tokens.revoke_token(token)
        flash(_("The token is revoked: it no longer opens the API."), "success")
        return redirect(url_for("account.index") + "#tokens-heading")
    return confirmation_page(
        Confirmation(
            title=named(_("Revoke the API token {}?"), token.name),
            button=_("Revoke the token"),
            cancel_url=url_for("account.index") + "#tokens-heading",
            lead=_(
                "Anything that calls the API with it (made %(day)s) gets “401 Unauthorized” "
                "from then on.",
                day=page_day(token.created_at.date()),
            ),
            removes_heading=_("This revokes"),
            removes=[_("the token starting %(prefix)s…", prefix=token.prefix)],
            note=_("A revoked token cannot be used again; make a new one if you need it."),
        )
    )
