"""The respondent's survey: no account, a link, an intro, the form, save-and-resume, thanks.

The link's token is only ever seen by :func:`start`, which swaps it for an id (and the link's
digest) in the signed session cookie and redirects, so the token does not stay in the address
bar or the history. The one exception is the private link a respondent's first save gives
them: its first visit stays on the page, so that it can be bookmarked.
No view stores anything about the person (no IP address, no browser details).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping
from functools import wraps

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from .. import checklist, i18n
from ..campaigns.invitations import invitation_url
from ..campaigns.web import base_url
from ..comments.services import comment_box, comment_draft, posted_comments
from ..database import reads_before_the_write_lock
from ..db_errors import RETRY_AFTER_SECONDS, forget_transaction, is_unavailable
from ..extensions import db, limiter, login_manager
from ..models import Campaign, Invitation, InvitationKind
from . import services, submission, visit
from .forms import NONCE_FIELD, SurveyFormBase, SurveySpec, build_survey
from .services import IncompleteAnswers, SurveyUnavailable
from .visit import DONE_KEY, INVITATION_KEY, OPEN_CAMPAIGN_KEY
from .visit import clear as _clear_survey_keys
from .visit import current as _current

bp = Blueprint("surveys", __name__)

# The HTTP status of each friendly "cannot answer" page.
UNAVAILABLE_STATUS = {
    "unknown": 404,
    "not_open": 200,
    "closed": 410,
    "full": 410,
    "already_submitted": 200,
    "no_session": 200,
    "used": 410,
    "replaced": 410,
}
_NONCE_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def _unavailable(exc: SurveyUnavailable) -> tuple[str, int]:
    if exc.reason in ("already_submitted", "used", "replaced"):
        for key in (INVITATION_KEY, OPEN_CAMPAIGN_KEY):
            session.pop(key, None)
    return (
        render_template("surveys/unavailable.html", reason=exc.reason, campaign=exc.campaign),
        UNAVAILABLE_STATUS.get(exc.reason, 200),
    )


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
def start(token: str) -> Response | str:
    """Swap the link's token for a session entry and leave the token-bearing URL at once,
    except on the first visit of a private link just issued, which explains it."""
    try:
        link = services.resolve_token(token)
    except SurveyUnavailable as refused:
        if refused.reason == "used" and visit.sent_through(token):
            raise SurveyUnavailable("already_submitted", refused.campaign) from None
        raise
    if link.invitation is not None:
        mailed = visit.just_issued(link.invitation)
        visit.hold(link.invitation)
        if mailed is not None:
            private = visit.KeptLink(invitation_url(base_url(), token), mailed)
            return render_template(
                "surveys/private_link.html", campaign=link.campaign, private=private
            )
        return redirect(url_for(".intro"))
    previous = session.get(INVITATION_KEY)
    resumable = services.resumable_open_invitation(
        int(previous) if previous is not None else None, link.campaign
    )
    _clear_survey_keys()
    if resumable is not None:
        visit.hold(resumable)
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
    visit.hold(invitation)
    # Without a personal link, this browser is the only way back to a saved draft.
    session.permanent = True
    return redirect(url_for(".answer"))


def _render_form(
    spec: SurveySpec,
    form: SurveyFormBase,
    campaign: Campaign,
    invitation: Invitation,
    not_saved: bool = False,
    private: visit.KeptLink | None = None,
    typed: Mapping[str, str] | None = None,
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
        private=private,
        **comment_box(campaign, typed if typed is not None else request.form),
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
    return _render_form(spec, form, campaign, invitation, typed=draft or {})


def _draft(spec: SurveySpec) -> dict[str, str]:
    """What a draft keeps of the posted form: the answers and the typed comments."""
    return spec.draft(request.form) | comment_draft(request.form)


def _nonce(posted: str | None) -> str:
    return posted if posted and _NONCE_RE.fullmatch(posted) else secrets.token_urlsafe(24)


def _thank(k: int) -> Response:
    sent_through = visit.holder()
    _clear_survey_keys()
    session.permanent = False
    session[DONE_KEY] = k
    if sent_through is not None:
        session[visit.SENT_THROUGH_KEY] = sent_through
    return redirect(url_for(".thanks"))


# What the form page's language picker posts as ``action`` (survey.js turns its links into posts).
LANGUAGE_ACTION = "language:"


@bp.post("/survey/answers")
@_answers_kept_when_the_database_fails
def submit() -> Response | str:
    invitation_id = session.get(INVITATION_KEY)
    action = request.form.get("action", "")
    # The form page's language picker: save what was typed, then show the form in that language.
    language = action.removeprefix(LANGUAGE_ACTION) if action.startswith(LANGUAGE_ACTION) else None
    quick = action != "save" and language is None and not checklist.may_ask(request.form)
    if invitation_id is not None and visit.holder() and quick:
        # Nearly every submission is complete and clean: it goes straight into one short write
        # transaction, which checks everything again. Anything else takes the full path below,
        # which shows what is missing (or asks whether nothing ticked is right).
        nonce = _nonce(request.form.get(NONCE_FIELD))
        try:
            submitted = submission.submit_formdata(
                int(invitation_id),
                request.form,
                nonce,
                visit.holder(),
                posted_comments(request.form),
            )
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
        saving = action == "save" or language is not None
        valid = not saving and form.validate()
        invitation_id = invitation.id
    if saving:
        new = services.save_draft(invitation_id, visit.holder(), _draft(spec))
        if language in i18n.LANGUAGES:
            session[i18n.CHOICE_KEY] = language
        if new is not None:
            visit.keep_private_link(new)
            return redirect(url_for(".start", token=new.token))
        return redirect(url_for(".answer" if language is not None else ".saved"))

    if valid:
        nonce = _nonce(form[NONCE_FIELD].data)
        try:
            submitted = submission.submit_response(
                invitation_id,
                spec.answers(form),
                spec.team_id(form),
                nonce,
                visit.holder(),
                posted_comments(request.form),
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
    new = services.save_draft(invitation_id, visit.holder(), _draft(spec))
    private = visit.keep_private_link(new) if new is not None else None
    return _render_form(spec, form, campaign, invitation, private=private)


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
