"""The respondent's survey: no account, a link, an intro, the form, save-and-resume, thanks.

The link's token is only ever seen by :func:`start`, which swaps it for an id in the signed
session cookie and redirects, so the token does not stay in the address bar or the history.
No view stores anything about the person (no IP address, no browser details).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from functools import wraps

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from ..database import reads_before_the_write_lock
from ..db_errors import RETRY_AFTER_SECONDS, forget_transaction, is_unavailable
from ..extensions import db, limiter, login_manager
from ..models import Campaign, Invitation, InvitationKind
from . import services, submission
from .forms import NONCE_FIELD, SurveyFormBase, SurveySpec, build_survey
from .services import IncompleteAnswers, SurveyUnavailable

bp = Blueprint("surveys", __name__)

# The only survey state a browser holds: ids in the signed session cookie.
INVITATION_KEY = "survey_invitation"
OPEN_CAMPAIGN_KEY = "survey_open_campaign"
DONE_KEY = "survey_done"
SURVEY_KEYS = (INVITATION_KEY, OPEN_CAMPAIGN_KEY, DONE_KEY)

# The HTTP status of each friendly "cannot answer" page.
UNAVAILABLE_STATUS = {
    "unknown": 404,
    "not_open": 200,
    "closed": 410,
    "full": 410,
    "already_submitted": 200,
    "no_session": 200,
}
_NONCE_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def _unavailable(exc: SurveyUnavailable) -> tuple[str, int]:
    if exc.reason == "already_submitted":
        for key in (INVITATION_KEY, OPEN_CAMPAIGN_KEY):
            session.pop(key, None)
    return (
        render_template("surveys/unavailable.html", reason=exc.reason, campaign=exc.campaign),
        UNAVAILABLE_STATUS.get(exc.reason, 200),
    )


def _clear_survey_keys() -> None:
    for key in SURVEY_KEYS:
        session.pop(key, None)


def _current() -> tuple[Invitation | None, Campaign]:
    """The invitation (or, before Start, the open-link campaign) this browser is answering."""
    invitation_id = session.get(INVITATION_KEY)
    if invitation_id is not None:
        invitation = services.load_invitation(int(invitation_id))
        return invitation, invitation.campaign
    campaign_id = session.get(OPEN_CAMPAIGN_KEY)
    if campaign_id is not None:
        return None, services.load_open_campaign(int(campaign_id))
    if session.get(DONE_KEY):
        raise SurveyUnavailable("already_submitted")
    raise SurveyUnavailable("no_session")


@bp.errorhandler(SurveyUnavailable)
def survey_unavailable(exc: SurveyUnavailable) -> tuple[str, int]:
    return _unavailable(exc)


@bp.errorhandler(CSRFError)
def csrf_failed(_exc: CSRFError) -> tuple[str, int]:
    return render_template("surveys/unavailable.html", reason="expired", campaign=None), 400


def _unknown_link(response: Response) -> bool:
    return response.status_code == 404


# Only links that lead nowhere count, against guessing: a whole office answers from behind one
# address within minutes of the email, and none of them should ever be turned away.
@bp.get("/s/<token>")
@limiter.limit("30 per minute; 300 per day", deduct_when=_unknown_link)
def start(token: str) -> Response | tuple[str, int]:
    """Swap the link's token for a session entry and leave the token-bearing URL at once."""
    link = services.resolve_token(token)
    if link.invitation is not None:
        _clear_survey_keys()
        session[INVITATION_KEY] = link.invitation.id
        return redirect(url_for(".intro"))
    previous = session.get(INVITATION_KEY)
    resumable = services.resumable_open_invitation(
        int(previous) if previous is not None else None, link.campaign
    )
    _clear_survey_keys()
    if resumable is not None:
        session[INVITATION_KEY] = resumable.id
    else:
        session[OPEN_CAMPAIGN_KEY] = link.campaign.id
    return redirect(url_for(".intro"))


@bp.get("/survey")
def intro() -> str:
    invitation, campaign = _current()
    spec = build_survey(campaign, invitation)
    draft = services.draft_answers(invitation) if invitation is not None else {}
    answered = sum(1 for name in spec.required if draft.get(name))
    return render_template(
        "surveys/intro.html",
        campaign=campaign,
        invitation=invitation,
        kind=invitation.kind if invitation is not None else InvitationKind.OPEN,
        total=len(spec.required),
        answered=answered,
        has_draft=bool(draft),
        sections=spec.sections,
    )


@bp.post("/survey/start")
def begin() -> Response:
    """An open-link respondent presses Start: they get a single-use invitation of their own."""
    if session.get(INVITATION_KEY) is not None:
        _current()  # still usable? (a double click, or a second tab)
        return redirect(url_for(".answer"))
    _invitation, campaign = _current()
    invitation = services.start_open_invitation(campaign.id)
    _clear_survey_keys()
    session[INVITATION_KEY] = invitation.id
    # Without a personal link, this browser is the only way back to a saved draft.
    session.permanent = True
    return redirect(url_for(".answer"))


def _render_form(
    spec: SurveySpec,
    form: SurveyFormBase,
    campaign: Campaign,
    invitation: Invitation,
    not_saved: bool = False,
) -> str:
    nonce = form[NONCE_FIELD].data or ""
    if not _NONCE_RE.fullmatch(nonce):
        form[NONCE_FIELD].data = secrets.token_urlsafe(24)
    return render_template(
        "surveys/form.html",
        spec=spec,
        form=form,
        campaign=campaign,
        invitation=invitation,
        answered=spec.answered(form),
        total=len(spec.required),
        not_saved=not_saved,
    )


def _not_saved() -> tuple[str, int, dict[str, str]]:
    """The database could not store the answers (full, read-only, down): the same form again
    with every posted answer and the posted nonce (a retry that finds them stored after all is
    told so), under a message that says they are NOT saved yet, with a 503.

    Only reads, begun deferred, so a full or read-only database can still draw the form. When
    even reading fails (the database is down), a page that carries the posted fields in a form
    of its own, to send again as they are.
    """
    forget_transaction()
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    try:
        with reads_before_the_write_lock(db.session):
            invitation, campaign = _current()
            if invitation is not None:
                spec = build_survey(campaign, invitation)
                form = spec.form_class()  # bound to the posted answers, as they came
                page = _render_form(spec, form, campaign, invitation, not_saved=True)
                return page, 503, headers
    except SurveyUnavailable:
        raise
    except Exception as exc:
        if not is_unavailable(exc):
            raise
        forget_transaction()
    g._login_user = login_manager.anonymous_user()  # the layout must not read the database
    fields = [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"]
    return render_template("surveys/not_saved.html", fields=fields), 503, headers


def _answers_kept_when_the_database_fails(view: Callable[[], object]) -> Callable[[], object]:
    @wraps(view)
    def wrapper() -> object:
        try:
            return view()
        except Exception as exc:
            if not is_unavailable(exc):
                raise
            current_app.logger.warning("survey answers not stored, database unavailable: %s", exc)
            return _not_saved()

    return wrapper


@bp.get("/survey/answers")
def answer() -> Response | str:
    invitation, campaign = _current()
    if invitation is None:
        return redirect(url_for(".intro"))
    spec = build_survey(campaign, invitation)
    draft = services.draft_answers(invitation)
    form = spec.form_class(formdata=MultiDict(draft) if draft else None)
    return _render_form(spec, form, campaign, invitation)


def _nonce(posted: str | None) -> str:
    return posted if posted and _NONCE_RE.fullmatch(posted) else secrets.token_urlsafe(24)


def _thank(k: int) -> Response:
    _clear_survey_keys()
    session.permanent = False
    session[DONE_KEY] = k
    return redirect(url_for(".thanks"))


@bp.post("/survey/answers")
@_answers_kept_when_the_database_fails
def submit() -> Response | str:
    invitation_id = session.get(INVITATION_KEY)
    if invitation_id is not None and request.form.get("action") != "save":
        # Nearly every submission is complete and clean: it goes straight into one short write
        # transaction, which checks everything again. Anything else takes the full path below,
        # which shows what is missing.
        nonce = _nonce(request.form.get(NONCE_FIELD))
        try:
            submitted = submission.submit_formdata(int(invitation_id), request.form, nonce)
        except IncompleteAnswers:
            pass
        else:
            return _thank(submitted.min_group_size)

    # Load and validate outside the write lock, so that a burst of respondents queues only
    # for the writes.
    with reads_before_the_write_lock(db.session):
        invitation, campaign = _current()
        if invitation is None:
            return redirect(url_for(".intro"))
        spec = build_survey(campaign, invitation)
        form = spec.form_class()
        saving = request.form.get("action") == "save"
        valid = not saving and form.validate()
        invitation_id = invitation.id
    if saving:
        services.save_draft(invitation_id, spec.draft(request.form))
        return redirect(url_for(".saved"))

    if valid:
        nonce = _nonce(form[NONCE_FIELD].data)
        try:
            submitted = submission.submit_response(
                invitation_id, spec.answers(form), spec.team_id(form), nonce
            )
        except IncompleteAnswers as exc:
            for name, message in exc.errors.items():
                if name in form:
                    form[name].errors = [*form[name].errors, message]
                else:
                    form.form_errors.append(message)
        else:
            return _thank(submitted.min_group_size)
    # Keep what was given, even if the person closes the tab now.
    services.save_draft(invitation_id, spec.draft(request.form))
    return _render_form(spec, form, campaign, invitation)


@bp.get("/survey/saved")
def saved() -> str:
    invitation, campaign = _current()
    return render_template(
        "surveys/saved.html",
        campaign=campaign,
        kind=invitation.kind if invitation is not None else InvitationKind.OPEN,
    )


@bp.get("/survey/thanks")
def thanks() -> str | tuple[str, int]:
    if not session.get(DONE_KEY):
        return _unavailable(SurveyUnavailable("no_session"))
    return render_template("surveys/thanks.html", k=session[DONE_KEY])
