"""``/admin/settings/webhooks`` (admins only): the organisation's endpoints, each with the log
of what was sent to it. The secret is shown once, when the endpoint is added."""

from __future__ import annotations

import secrets

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..auth.access import org_id, roles_required
from ..confirm import Confirmation, ConfirmForm, confirmation_page, named
from ..extensions import db
from ..models import Role, WebhookDelivery, WebhookEndpoint
from ..text import page_number
from ..webhooks import EVENTS
from .views import bp
from .webhook_forms import WebhookForm

LOG_LENGTH = 50


def _endpoints() -> list[WebhookEndpoint]:
    query = select(WebhookEndpoint).where(WebhookEndpoint.organization_id == org_id())
    return list(db.session.scalars(query.order_by(WebhookEndpoint.id)))


def _own(endpoint_id: int) -> WebhookEndpoint:
    endpoint = db.session.scalar(
        select(WebhookEndpoint).where(
            WebhookEndpoint.id == endpoint_id, WebhookEndpoint.organization_id == org_id()
        )
    )
    if endpoint is None:
        abort(404)
    return endpoint


def _page(form: WebhookForm, new: WebhookEndpoint | None = None) -> str:
    return render_template(
        "admin/webhooks.html", form=form, endpoints=_endpoints(), new=new, events=EVENTS
    )


@bp.route("/settings/webhooks", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def webhooks() -> str:
    form = WebhookForm()
    if not form.is_submitted():
        return _page(form)
    if not form.validate():
        return _page(form)  # the form again, with its errors and what was typed
    endpoint = WebhookEndpoint(
        organization_id=current_user.organization_id,
        url=(form.url.data or "").strip(),
        secret="whsec_" + secrets.token_urlsafe(32),
        events=[e for e in EVENTS if e in (form.events.data or [])],
    )
    db.session.add(endpoint)
    db.session.commit()
    return _page(WebhookForm(formdata=None), new=endpoint)


@bp.get("/settings/webhooks/<int:endpoint_id>")
@roles_required(Role.ADMIN)
def webhook(endpoint_id: int) -> str:
    endpoint = _own(endpoint_id)
    log = db.session.scalars(
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(WebhookDelivery.id.desc())
        .limit(LOG_LENGTH)
    )
    return render_template(
        "admin/webhook.html", endpoint=endpoint, log=list(log), events=EVENTS, length=LOG_LENGTH
    )


@bp.route("/settings/webhooks/<int:endpoint_id>/delete", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def delete_webhook(endpoint_id: int) -> Response | tuple[str, int]:
    endpoint = _own(endpoint_id)
    sent = db.session.scalar(
        select(db.func.count()).where(WebhookDelivery.endpoint_id == endpoint.id)
    )
    sent = sent or 0
    form = ConfirmForm()
    if form.validate_on_submit():
        db.session.delete(endpoint)
        db.session.commit()
        flash(_("The endpoint is removed: nothing more is sent to it."), "success")
        return redirect(url_for("admin.webhooks"))
    return confirmation_page(
        Confirmation(
            title=named(_("Remove the webhook endpoint {}?"), endpoint.url),
            button=_("Remove the endpoint"),
            cancel_url=url_for("admin.webhook", endpoint_id=endpoint.id),
            removes=[
                ngettext(
                    "the endpoint, its secret and its log of %(count)s delivery",
                    "the endpoint, its secret and its log of %(count)s deliveries",
                    sent,
                    count=page_number(sent),
                )
            ],
            keeps=[_("what was already delivered to it")],
            removes_heading=_("This deletes"),
            note=_("This cannot be undone."),
            crumbs=[
                (_("Settings"), url_for("admin.settings")),
                (_("Webhooks"), url_for("admin.webhooks")),
            ],
        )
    )
