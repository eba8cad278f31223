"""``/admin/sso`` (admins only): the organisation's OpenID Connect provider
(survey_app/auth/sso.py). The change is audited by the session hook, naming the fields that
changed, never the secret's value; the secret is never shown back."""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..auth.access import org_id, roles_required
from ..extensions import db
from ..models import Role, User
from ..models.sso import SsoSettings
from .sso_forms import NO_ADMIN, SsoForm
from .views import bp


class SsoError(ValueError):
    def __init__(self, message: str, field: str = "email_domain") -> None:
        super().__init__(message)
        self.field = field  # the form's field the message goes under


@dataclass(frozen=True)
class SsoInput:
    enabled: bool
    issuer: str
    client_id: str
    client_secret: str  # empty: keep the stored one
    email_domain: str
    default_role: Role
    password_off: bool
    break_glass_user_id: int | None


def _admins(organization_id: int) -> list[User]:
    query = select(User).where(
        User.organization_id == organization_id, User.role == Role.ADMIN, User.active.is_(True)
    )
    return list(db.session.scalars(query.order_by(User.email)))


def save_sso(organization_id: int, data: SsoInput) -> SsoSettings:
    """Store the organisation's provider. Commits; raises :class:`SsoError`, changing nothing."""
    taken = db.session.scalar(
        select(SsoSettings.organization_id).where(
            SsoSettings.email_domain == data.email_domain,
            SsoSettings.organization_id != organization_id,
        )
    )
    if taken is not None:
        raise SsoError(
            _("%(domain)s is already used by another organisation.", domain=data.email_domain)
        )
    row = db.session.get(SsoSettings, organization_id)
    if row is None:
        if not data.client_secret:
            raise SsoError(_("Enter the client secret."), field="client_secret")
        row = SsoSettings(organization_id=organization_id)
        db.session.add(row)
    row.enabled = data.enabled
    row.issuer = data.issuer.strip().rstrip("/")
    row.client_id = data.client_id.strip()
    if data.client_secret:
        row.client_secret = data.client_secret
    row.email_domain = data.email_domain
    row.default_role = data.default_role
    row.password_off = data.password_off
    row.break_glass_user_id = data.break_glass_user_id
    db.session.commit()
    return row


def _form(row: SsoSettings | None) -> SsoForm:
    form = SsoForm()
    form.break_glass.choices = [(NO_ADMIN, _("No one"))] + [
        (str(u.id), f"{u.name} ({u.email})") for u in _admins(org_id())
    ]
    if not form.is_submitted():
        form.default_role.data = (row.default_role if row else Role.REP).value
        if row is not None:
            form.enabled.data = row.enabled
            form.issuer.data = row.issuer
            form.client_id.data = row.client_id
            form.email_domain.data = row.email_domain
            form.password_off.data = row.password_off
            form.break_glass.data = str(row.break_glass_user_id or NO_ADMIN)
    return form


@bp.route("/sso", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def sso() -> str | Response:
    row = db.session.get(SsoSettings, org_id())
    form = _form(row)
    if form.validate_on_submit():
        chosen = form.break_glass.data or NO_ADMIN
        try:
            save_sso(
                current_user.organization_id,
                SsoInput(
                    enabled=bool(form.enabled.data),
                    issuer=form.issuer.data or "",
                    client_id=form.client_id.data or "",
                    client_secret=form.client_secret.data or "",
                    email_domain=form.email_domain.data or "",
                    default_role=Role(form.default_role.data),
                    password_off=bool(form.password_off.data),
                    break_glass_user_id=int(chosen) if chosen != NO_ADMIN else None,
                ),
            )
        except SsoError as exc:
            db.session.rollback()
            field = form[exc.field]
            field.errors = [*field.errors, str(exc)]
        else:
            flash(_("Single sign-on saved."), "success")
            return redirect(url_for("admin.sso"))
    return render_template("admin/sso.html", form=form, row=row)
