"""``/admin/users``: the organisation's users, for its admins (a 403 or 404 for anyone else)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..account import links
from ..account.mail_jobs import send_account_link
from ..auth.access import org_id, roles_required
from ..auth.services import AccountError
from ..campaigns.mail import mail_enabled
from ..campaigns.web import base_url
from ..extensions import db
from ..jobs import enqueue
from ..models import Role
from . import services
from .forms import ROLE_LABELS, InviteForm, RoleForm
from .scope_text import describe_scope

bp = Blueprint("admin", __name__, url_prefix="/admin")

Page = Response | str | tuple[str, int]
# A user's state as services.status names it, and its badge.
BADGES = {
    "Active": "text-bg-success",
    "Invited": "text-bg-info",
    "Deactivated": "text-bg-secondary",
}


def status_names() -> dict[str, str]:
    """The states the list shows, in the page's language."""
    return {"Active": _("Active"), "Invited": _("Invited"), "Deactivated": _("Deactivated")}


def _now_role(name: str, role: Role) -> str:
    """The flash of a role change, one sentence per role (the role's name is not a noun that
    every language writes in lower case)."""
    return {
        Role.ADMIN: _("%(name)s is now admin.", name=name),
        Role.LEADER: _("%(name)s is now sales leader.", name=name),
        Role.REP: _("%(name)s is now sales rep.", name=name),
    }[role]


@bp.get("/users")
@roles_required(Role.ADMIN)
def users() -> str:
    search = request.args.get("q", "")[:200]
    page = db.paginate(
        services.users_query(org_id(), search), per_page=services.PER_PAGE, error_out=False
    )
    return render_template(
        "admin/users.html",
        page=page,
        search=search,
        status=services.status,
        roles=ROLE_LABELS,
        me=current_user.id,
        scope_of=lambda user: describe_scope(user, shown=True),
        badges=BADGES,
        status_names=status_names(),
    )


def _deliver(issued: services.Issued) -> Page:
    """Queue the link's mail (the task issues a new link in place of this one, so its plaintext
    exists only in the mail); without a mail server, show it to copy, once (in this response
    only: it is not stored anywhere it could be shown again)."""
    if mail_enabled(current_app.config):
        user_id, email, inviter = issued.user.id, issued.user.email, current_user.name
        purpose = issued.purpose.value
        db.session.commit()  # no transaction left open while the task (inline in tests) writes
        enqueue(send_account_link, user_id, purpose, inviter, base_url())
        flash(_("A link is being emailed to %(email)s.", email=email), "success")
        return redirect(url_for("admin.users"))
    url = links.link_url(issued.token)
    hours = int(links.lifetime(issued.purpose).total_seconds() // 3600)
    return render_template(
        "admin/link.html", user=issued.user, url=url, hours=hours, reason=None, issued=issued
    )


@bp.route("/users/invite", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def invite() -> Page:
    form = InviteForm()
    if form.validate_on_submit():
        try:
            issued = services.invite(
                current_user.organization,
                form.email.data or "",
                form.name.data or "",
                Role(form.role.data),
            )
        except AccountError as exc:
            form.email.errors.append(str(exc))
        else:
            return _deliver(issued)
    return render_template("admin/invite.html", form=form)


def _back() -> Response:
    """The list as the admin left it: their search and page, from the form's hidden fields."""
    search = request.form.get("q", "")[:200]
    page = request.form.get("page", "")
    number = int(page) if page.isdigit() and page != "1" else None
    return redirect(url_for("admin.users", q=search or None, page=number))


@bp.post("/users/<int:user_id>/role")
@roles_required(Role.ADMIN)
def change_role(user_id: int) -> Response:
    services.find_user(org_id(), user_id)  # another organisation's user is a 404, first
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the roles."), "error")
        return _back()
    try:
        user = services.change_role(org_id(), user_id, Role(form.role.data))
    except AccountError as exc:
        flash(str(exc), "error")
    else:
        flash(_now_role(user.name, user.role), "success")
    return _back()


def _set_active(user_id: int, active: bool) -> Response:
    try:
        user = services.set_active(org_id(), current_user.id, user_id, active)
    except AccountError as exc:
        flash(str(exc), "error")
    else:
        done = (
            _("%(name)s is reactivated.", name=user.name)
            if active
            else _("%(name)s is deactivated and signed out everywhere.", name=user.name)
        )
        flash(done, "success")
    return _back()


@bp.post("/users/<int:user_id>/deactivate")
@roles_required(Role.ADMIN)
def deactivate(user_id: int) -> Response:
    return _set_active(user_id, False)


@bp.post("/users/<int:user_id>/reactivate")
@roles_required(Role.ADMIN)
def reactivate(user_id: int) -> Response:
    return _set_active(user_id, True)


@bp.post("/users/<int:user_id>/send-link")
@roles_required(Role.ADMIN)
def send_link(user_id: int) -> Page:
    """Resend an invitation (no password yet) or send a password reset link."""
    try:
        issued = services.send_link(org_id(), user_id)
    except AccountError as exc:
        flash(str(exc), "error")
        return _back()
    return _deliver(issued)
