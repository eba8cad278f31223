"""``/admin/settings`` (admins only), the logo's own route, and what templates read of both.

The logo is served from ``/branding/logo.png`` to the signed-in users of its organisation only,
as ``image/png`` (it is always a PNG this app drew: survey_app/branding.py), with nosniff and
a sandboxing CSP. Reports never fetch it: the template inlines it as a ``data:`` URL, the one
kind of image the PDF's URL fetcher lets through (survey_app/reports/pdf.py).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from flask import Blueprint, Flask, abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..auth.access import roles_required
from ..branding import MAX_BYTES, BrandingError, Logo, accent_rgb, clean_logo
from ..extensions import db
from ..models import Organization, Role
from ..org_settings import settings_of
from ..scoring.bands import BandThresholds
from ..security import CSP
from . import settings_service
from .settings_forms import SettingsForm
from .views import bp

branding_bp = Blueprint("branding", __name__, url_prefix="/branding")


def _form() -> SettingsForm:
    org = current_user.organization
    row = settings_of(org.id)
    form = SettingsForm()
    if not form.is_submitted():
        form.name.data = org.name
        form.min_group_size.data = org.min_group_size
        for field in settings_service.BAND_FIELDS:
            form[field].data = getattr(row, field)
        form.paper.data = row.paper
        form.accent.data = row.accent or ""
    return form


def _uploaded_logo(form: SettingsForm) -> Logo | None:
    upload = form.logo.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    try:
        return clean_logo(upload.stream.read(MAX_BYTES + 1))
    except BrandingError as exc:
        form.logo.errors = [*form.logo.errors, str(exc)]
        return None
    finally:
        upload.close()  # a large upload is spooled to a temporary file


@bp.route("/settings", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def settings() -> str | Response:
    form = _form()
    if form.validate_on_submit():
        logo = _uploaded_logo(form)
        if not form.logo.errors:
            settings_service.save_settings(
                current_user.organization,
                settings_service.SettingsInput(
                    name=form.name.data or "",
                    min_group_size=form.min_group_size.data or 0,
                    bands={f: form[f].data for f in settings_service.BAND_FIELDS},
                    paper=form.paper.data or "a4",
                    accent=form.accent.data or None,
                    logo=logo,
                    remove_logo=bool(form.remove_logo.data) and logo is None,
                ),
            )
            flash(_("Settings saved. They apply to campaigns created from now on."), "success")
            return redirect(url_for("admin.settings"))
    elif form.is_submitted() and form.logo.data is not None:
        form.logo.errors = [*form.logo.errors, _("Choose the logo again once the rest is right.")]
    return render_template("admin/settings.html", form=form, brand=page_branding())


@branding_bp.get("/logo.png")
@login_required
def logo() -> Response:
    png = settings_service.logo_png(current_user.organization_id)
    if not png:
        abort(404)
    response = make_response(png)
    response.mimetype = "image/png"
    response.headers["Content-Security-Policy"] = CSP + "; sandbox"
    return response


@dataclass(frozen=True)
class Brand:
    """What a page or a report shows of the organisation's settings."""

    name: str
    accent: str | None
    accent_rgb: str | None
    logo_url: str | None  # for pages: the logo route, with its version
    logo_data_url: str | None  # for reports: the PNG inline
    width: int | None
    height: int | None
    paper: str
    prospect_bands: BandThresholds


def brand_of(org_id: int, inline: bool = False) -> Brand:
    """The organisation's brand; ``inline`` also reads the logo's bytes (for a report)."""
    row = settings_of(org_id)
    org = db.session.get(Organization, org_id)
    has_logo = bool(row.logo_width)
    data_url = None
    if inline and has_logo:
        png = settings_service.logo_png(org_id)
        data_url = "data:image/png;base64," + base64.b64encode(png).decode() if png else None
    return Brand(
        name=org.name if org else "",
        accent=row.accent,
        accent_rgb=accent_rgb(row.accent) if row.accent else None,
        logo_url=url_for("branding.logo", v=row.logo_version) if has_logo else None,
        logo_data_url=data_url,
        width=row.logo_width,
        height=row.logo_height,
        paper=row.paper,
        prospect_bands=row.thresholds(prospect=True),
    )


def page_branding() -> Brand | None:
    """The signed-in user's organisation's brand, for the page around the content."""
    if not current_user.is_authenticated:
        return None
    return brand_of(current_user.organization_id)


def report_branding(org_id: int) -> Brand:
    return brand_of(org_id, inline=True)


def init_app(app: Flask) -> None:
    app.register_blueprint(branding_bp)
    app.jinja_env.globals.update(page_branding=page_branding, report_branding=report_branding)
