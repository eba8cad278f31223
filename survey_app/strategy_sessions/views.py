"""Strategy session pages (leaders and admins): create one for a campaign or a prospect, the
session page (the agenda, and the scribe's decisions and actions), the pre-read and the deck.

The scribe's forms post to their own URLs and, on a validation error, the session page is shown
again with what was typed kept and the error beside the field.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from ..actions import services as actions
from ..actions.forms import ActionForm
from ..actions.targets import find_target
from ..auth.access import roles_required
from ..confirm import Confirmation, ConfirmForm, confirmation_page, named
from ..dashboard.services import get_campaign
from ..downloads import attachment
from ..i18n import LANGUAGES, rendering_in, report_language, user_language_page
from ..models import ActionStatus, Campaign, Company, Role, StrategySession
from ..prospects.services import get_prospect
from ..text import page_day, page_number
from . import services, wording
from .agenda import build_agenda
from .forms import DecisionForm, SessionForm

bp = Blueprint("strategy_sessions", __name__)
LEADERS = (Role.LEADER, Role.ADMIN)


def _new(
    company: Company, back: str, campaign: Campaign | None = None
) -> Response | tuple[str, int]:
    form = SessionForm()
    form.set_users(actions.org_users())
    if request.method == "GET":
        form.held_on.data = date.today()
    elif form.validate_on_submit():
        session = services.create_session(company, form.to_input(), campaign)
        flash(
            _("Strategy session created. Send the pre-read to the attendees beforehand."),
            "success",
        )
        return redirect(url_for("strategy_sessions.detail", session_id=session.id))
    page = render_template(
        "strategy_sessions/form.html",
        form=form,
        company=company,
        campaign=campaign,
        back=back,
        wording=wording,
        names=[u.name for u in form.users],
    )
    return page, 422 if request.method == "POST" else 200


@bp.route("/campaigns/<int:campaign_id>/sessions/new", methods=["GET", "POST"])
@roles_required(*LEADERS)
def new_for_campaign(campaign_id: int) -> Response | tuple[str, int]:
    campaign = get_campaign(campaign_id)
    back = url_for("actions.campaign_list", campaign_id=campaign.id)
    return _new(campaign.company, back, campaign)


@bp.route("/prospects/<int:prospect_id>/sessions/new", methods=["GET", "POST"])
@roles_required(*LEADERS)
def new_for_prospect(prospect_id: int) -> Response | tuple[str, int]:
    prospect = get_prospect(prospect_id)
    return _new(prospect, url_for("actions.company_list", company_id=prospect.id))


def _page(
    session: StrategySession,
    decision: DecisionForm | None = None,
    action: ActionForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    agenda = build_agenda(session, date.today())
    decision = decision or DecisionForm(formdata=None)
    if action is None:
        action = ActionForm(formdata=None)
        action.set_choices(agenda.targets, actions.org_users())
    page = render_template(
        "strategy_sessions/detail.html",
        s=session,
        agenda=agenda,
        decision_form=decision,
        action_form=action,
        status_form=ConfirmForm(formdata=None),
        wording=wording,
        statuses=list(ActionStatus),
        today=date.today(),
    )
    return page, status


@bp.get("/sessions/<int:session_id>")
@roles_required(*LEADERS)
def detail(session_id: int) -> tuple[str, int]:
    return _page(services.get_session(session_id))


@bp.post("/sessions/<int:session_id>/decisions")
@roles_required(*LEADERS)
def add_decision(session_id: int) -> Response | tuple[str, int]:
    session = services.get_session(session_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _page(session, decision=form, status=422)
    services.add_decision(session, form.decision.data)
    flash(_("Decision recorded."), "success")
    return redirect(url_for("strategy_sessions.detail", session_id=session.id) + "#decisions")


@bp.post("/sessions/<int:session_id>/actions")
@roles_required(*LEADERS)
def add_action(session_id: int) -> Response | tuple[str, int]:
    session = services.get_session(session_id)
    targets = build_agenda(session, date.today()).targets
    form = ActionForm()
    form.set_choices(targets, actions.org_users())
    target = find_target(targets, form.target.data) if form.validate_on_submit() else None
    if target is None:
        if not form.errors:
            form.target.errors = [_("Choose a practice or enemy from the list.")]
        return _page(session, action=form, status=422)
    actions.create_action(
        session.company, target, form.to_input(), date.today(), session.campaign, session.id
    )
    flash(_("Action recorded."), "success")
    return redirect(url_for("strategy_sessions.detail", session_id=session.id) + "#session-actions")


@bp.route("/sessions/<int:session_id>/delete", methods=["GET", "POST"])
@roles_required(*LEADERS)
def delete(session_id: int) -> Response | tuple[str, int]:
    session = services.get_session(session_id)
    back = (
        url_for("actions.campaign_list", campaign_id=session.campaign_id)
        if session.campaign_id
        else url_for("actions.company_list", company_id=session.company_id)
    )
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            flash(_("The form expired. Please confirm again."), "danger")
            return redirect(url_for("strategy_sessions.delete", session_id=session.id))
        services.delete_session(session)
        flash(_("Strategy session deleted."), "success")
        return redirect(back)
    attendees, decisions, kept = (
        len(session.attendees),
        len(session.decisions),
        len(session.actions),
    )
    return confirmation_page(
        Confirmation(
            # The day goes in with str.format's braces doubled: named() fills the name in.
            title=named(
                _(
                    "Delete the strategy session of %(day)s on “{}”?",
                    day=page_day(session.held_on).replace("{", "{{"),
                ),
                session.company.name,
            ),
            button=_("Delete the session"),
            cancel_url=url_for("strategy_sessions.detail", session_id=session.id),
            removes=[
                ngettext(
                    "%(count)s attendee and their roles.",
                    "%(count)s attendees and their roles.",
                    attendees,
                    count=page_number(attendees),
                ),
                ngettext(
                    "%(count)s decision.",
                    "%(count)s decisions.",
                    decisions,
                    count=page_number(decisions),
                ),
            ],
            keeps=[
                ngettext(
                    "The %(count)s action recorded in it: they stay on their company's list, "
                    "with their owners and due dates.",
                    "The %(count)s actions recorded in it: they stay on their company's list, "
                    "with their owners and due dates.",
                    kept,
                    count=page_number(kept),
                )
            ],
        )
    )


def _language() -> str:
    """The language a download is asked in (``?lang=fr``), else the signed-in user's own (the
    session page's), else English."""
    asked = str(request.args.get("lang", "")).lower()
    return asked if asked in LANGUAGES else report_language()


def _unavailable(session: StrategySession, exc: Exception) -> tuple[str, int]:
    back = url_for("strategy_sessions.detail", session_id=session.id)
    user_language_page()  # in the language of the session page it came from
    return render_template("reports/unavailable.html", message=str(exc), back=back), 503


@bp.get("/sessions/<int:session_id>/pre-read.pdf")
@roles_required(*LEADERS)
def pre_read(session_id: int) -> Response | tuple[str, int]:
    """The pre-read in the language asked: its agenda built, and its page laid out, in it."""
    from ..reports.document import render_pdf
    from ..reports.errors import ReportError
    from .preread import preread_content

    session = services.get_session(session_id)
    try:
        with rendering_in(_language()):
            content = preread_content(build_agenda(session, date.today()))
            pdf = render_pdf(content)
    except ReportError as exc:
        return _unavailable(session, exc)
    return attachment(pdf, "application/pdf", content.filename)


@bp.get("/sessions/<int:session_id>/deck.pptx")
@roles_required(*LEADERS)
def deck(session_id: int) -> Response | tuple[str, int]:
    """The deck in the language asked, its charts and every text frame in it."""
    from ..reports.errors import ReportError
    from .deck import PPTX_TYPE, deck_filename, render_deck

    session = services.get_session(session_id)
    try:
        with rendering_in(_language()):
            body = render_deck(build_agenda(session, date.today()))
    except ReportError as exc:
        return _unavailable(session, exc)
    return attachment(body, PPTX_TYPE, deck_filename(session))
