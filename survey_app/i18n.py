"""The respondent's language: English, Spanish, French or German (Flask-Babel).

The survey pages and the campaign report are translated, and of a signed-in user's pages the
navigation, the home page, the account page, the campaigns and companies lists, a campaign's own
pages (:data:`CAMPAIGN_PAGES`), a company's own pages (its page, new, edit, delete), the prospect
pages, the action and strategy session pages, a campaign's comments, the self-check, the admin's
pages and the leader's dashboards (a campaign's dashboard, a company's trends and wave comparison,
and the lists a team-scoped leader sees in place of the companies' and campaigns' pages, see
:func:`user_language_page`): a request of the ``surveys`` blueprint gets the respondent's language,
those pages the signed-in user's own (``User.language``, set on ``/account``; English for everyone
else and by default), so a user who keeps English sees the pages as they always were, and one who
picks French sees the other pages in English beside them. A report is rendered in the language its
leader picked (a prospect's one-pager in the one its rep picked, a session's pre-read and deck in
the one picked beside them), inside :func:`rendering_in`, wherever it is made (a web request, the
job consumer, the command line).

The order: the language the respondent picked on the intro page (``?lang=fr``, kept in the
session), else the browser's ``Accept-Language`` among the languages the campaign offers, else
English (or the campaign's first language, when it leaves English out). A view that knows the
campaign calls :func:`offer` before anything is rendered, so the choice is made among that
campaign's languages.

The pages a person sees before signing in (:data:`SIGNED_OUT_PAGES`: the sign-in page, single
sign-on, "Forgot password" and the set-password page of invitation and reset links) choose the
same way among all four languages: ``?lang=xx`` (the sign-in page's picker), kept in the session
under the survey pages' key, else the browser's ``Accept-Language``, else English. Once signed
in, the user's own language rules there as on the other pages. The invitation and reset emails
are written in the account's own language (``User.language``, English when unset), inside
:func:`rendering_in`. An address that matches no page gets its error page the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from flask import Flask, g, has_app_context, has_request_context, request, session
from flask_babel import (
    Babel,
    LazyString,
    force_locale,
    get_locale,
    gettext,
    pgettext,
    refresh,
)
from markupsafe import escape

# Each language by its own name, in the order the pickers list them.
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español", "fr": "Français", "de": "Deutsch"}
DEFAULT = "en"
CHOICE_KEY = "survey_language"  # kept across surveys in this browser: a preference, no data
SURVEY_BLUEPRINT = "surveys"
# What programs read stays English whoever asks: the REST API's results and problems.
ENGLISH_BLUEPRINTS = frozenset({"api"})
# The leaders' pages that are translated, menu and all: the rest stay English for now.
# A campaign's own pages, and what they post to (a status change comes back to the campaign's
# page with its message in the same language).
CAMPAIGN_PAGES = ("detail", "create", "edit", "open", "close", "reopen") + (
    "invite",  # and the forms it posts to, each showing it again or the links just made
    "invite_emails",
    "invite_csv",
    "invite_links",
    "open_link",
    "send_unsent",
    "retry_mail",
    "links",
    "resend_links",
    "remind",
    "confirm_close",
    "delete",
)
USER_LANGUAGE_PAGES = frozenset(
    {"main.index", "campaigns.index", "companies.index", "dashboard.campaign", "dashboard.trends"}
    | {
        f"account.{name}"  # the account page and what it posts to (each shows it again)
        for name in ("index", "change_name", "change_language", "change_password")
        + ("create_token", "revoke_token", "sign_out_others")
    }
    | {f"campaigns.{name}" for name in CAMPAIGN_PAGES}
    | {f"companies.{name}" for name in ("detail", "create", "edit", "delete")}
    | {
        f"prospects.{name}"  # the pipeline, a prospect and its forms (the one-pager: ?lang=)
        for name in ("index", "detail", "create", "edit", "assess", "compare", "outcome")
        + ("delete", "confirm_delete_assessment", "delete_assessment")
    }
    | {
        f"actions.{name}"  # every action, a campaign's or a company's, the form and the rest
        for name in ("index", "campaign_list", "company_list", "new_from_campaign")
        + ("new_from_prospect", "edit", "delete", "status")
    }
    | {
        f"strategy_sessions.{name}"  # a session and its forms (the pre-read and the deck: ?lang=)
        for name in ("detail", "new_for_campaign", "new_for_prospect", "delete")
        + ("add_action", "add_decision")
    }
    # A campaign's comments and what they post to (hiding, showing again, tags).
    | {f"comments.{name}" for name in ("index", "hide", "tags")}
    | {f"selfcheck.{name}" for name in ("index", "confirm_erase", "erase")}
    | {
        f"admin.{name}"  # the users pages and the settings, for admins (a 403 for anyone else)
        for name in ("users", "invite", "change_role", "deactivate", "reactivate", "send_link")
        + ("team_scope", "erase", "settings", "sso", "webhooks", "webhook", "delete_webhook")
    }
    | {"audit.index"}  # the audit log's page (its CSV export keeps the stored English names)
)

# The pages of someone not signed in yet, in the language they pick or their browser asks for
# (what they post to shows them again, or the next of them).
SIGNED_OUT_PAGES = frozenset(
    {"auth.login", "auth.sso_start", "auth.sso_callback"}
    | {"password.forgot", "password.set_password"}
)

babel = Babel()


class LazyText(LazyString):
    """A lazy translated string that a page escapes like any other string. Flask-Babel's own
    marks itself safe HTML, so that "the campaign's teams" in a form's error came out with a
    bare apostrophe where the English string was written ``&#39;``."""

    def __html__(self) -> str:
        return str(escape(str(self)))


def lazy_gettext(string: str, **variables: object) -> LazyText:
    """``flask_babel.lazy_gettext``, escaped on a page as a string is (:class:`LazyText`): a
    form's label or message, made at import, translated when it is shown."""
    return LazyText(gettext, string, **variables)


def lazy_pgettext(context: str, string: str, **variables: object) -> LazyText:
    """``flask_babel.pgettext``, lazy as :func:`lazy_gettext`: a word that one language says
    in two ways (the role "Admin", the menu's "Admin"). Imported as ``pgettext`` where it is
    used, so that ``pybabel extract`` reads its context (its default keywords)."""
    return LazyText(pgettext, context, string, **variables)


def offered(languages: Sequence[str] | None) -> list[str]:
    """A campaign's languages as stored, in the pickers' order; all four when none is set."""
    chosen = [code for code in LANGUAGES if code in (languages or ())]
    return chosen or list(LANGUAGES)


def choose(
    picked: str | None, accept: Sequence[tuple[str, float]], languages: Sequence[str]
) -> str:
    """The language to answer in (pure): the one picked if offered, else the browser's best
    offered one (``accept`` as (tag, quality) pairs, best first; "fr-CA" counts as "fr"),
    else English if offered, else the first offered."""
    if picked in languages:
        return str(picked)
    for tag, quality in accept:
        code = tag.split("-")[0].split("_")[0].lower()
        if quality > 0 and code in languages:
            return code
    return DEFAULT if DEFAULT in languages else languages[0]


def mail_language(languages: Sequence[str] | None) -> str:
    """The language of a campaign's invitations and reminders, sent before anyone has picked
    one: English when the campaign offers it, else the first it offers (a survey offered in
    French alone is mailed in French). Each respondent still picks on the survey's intro page."""
    return choose(None, (), offered(languages))


def offer(languages: Sequence[str] | None) -> None:
    """The campaign being answered offers these languages (called by the survey views)."""
    g.survey_languages = offered(languages)


def language_or_default(code: str | None) -> str:
    """``code`` if it is one of the four languages, else English."""
    return code if code in LANGUAGES else DEFAULT  # type: ignore[return-value]


@contextmanager
def rendering_in(language: str) -> Iterator[None]:
    """Render in ``language`` whatever the request's own page language (a report). Kept in
    ``g`` as well as in Flask-Babel's forced locale, so that a :func:`refresh` on the way
    (select_locale runs again then) keeps it."""
    language = language_or_default(language)
    if not has_app_context():
        yield
        return
    before = g.get("forced_language")
    g.forced_language = language
    try:
        with force_locale(language):
            yield
    finally:
        g.forced_language = before
        refresh()  # the page around it goes back to its own language


def user_language() -> str:
    """The signed-in user's own language (``/account``), else English."""
    from flask_login import current_user

    if not has_request_context() or not current_user.is_authenticated:
        return DEFAULT
    return language_or_default(getattr(current_user, "language", None))


def signed_out_language() -> str:
    """The language of a page seen before signing in: the one picked (``?lang=``, kept in the
    session), else the browser's best of the four, else English."""
    if not has_request_context():
        return DEFAULT
    accept = list(request.accept_languages)  # werkzeug: best quality first
    return choose(session.get(CHOICE_KEY), accept, list(LANGUAGES))


def _matches_no_page() -> bool:
    """An address that matches no page (a 404 or 405 before any view): its error page is
    translated whole, so it speaks as the pages around it would. Not an API address: its
    problems stay English."""
    from .api.problems import is_api_request

    return request.url_rule is None and not is_api_request()


def select_locale() -> str:
    forced = g.get("forced_language") if has_app_context() else None
    if forced:
        return str(forced)
    if not has_request_context():
        return DEFAULT
    if request.blueprint in ENGLISH_BLUEPRINTS:
        return DEFAULT
    if request.endpoint in SIGNED_OUT_PAGES or _matches_no_page():
        from flask_login import current_user

        return user_language() if current_user.is_authenticated else signed_out_language()
    if request.blueprint != SURVEY_BLUEPRINT:
        # A signed-in user's language only on the pages translated whole: elsewhere a French
        # leader's dashboard would mix French chart labels and sentences into English text.
        whole = request.endpoint in USER_LANGUAGE_PAGES or g.get("user_language_page")
        return user_language() if whole else DEFAULT
    languages = g.get("survey_languages") or list(LANGUAGES)
    accept = list(request.accept_languages)  # werkzeug: best quality first
    return choose(session.get(CHOICE_KEY), accept, languages)


def remember_choice() -> None:
    """``?lang=xx`` on a survey page or a signed-out page: the pick, kept for the next pages.

    Each request chooses afresh: Flask-Babel keeps its choice in ``g``, which a caller holding
    an app context across requests (the tests) would otherwise carry from one to the next."""
    refresh()
    g.pop("survey_languages", None)
    g.pop("user_language_page", None)
    picked = request.args.get("lang")
    pickable = request.blueprint == SURVEY_BLUEPRINT or request.endpoint in SIGNED_OUT_PAGES
    if pickable and picked in LANGUAGES:
        session[CHOICE_KEY] = picked


def user_language_page() -> None:
    """This response is one of the translated pages although its endpoint is not one of
    ``USER_LANGUAGE_PAGES`` (a team-scoped leader's own list, served by an endpoint whose page
    for everyone else stays English); called by the view before it renders anything."""
    g.user_language_page = True
    refresh()  # a language chosen earlier in the request is chosen again


def survey_languages() -> list[str]:
    """The languages the picker offers on this page: the campaign's."""
    return list(g.get("survey_languages") or LANGUAGES)


def current_language() -> str:
    """The language of this request's page (the ``lang`` of <html>, a response's language)."""
    if not has_app_context():
        return DEFAULT
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT


def report_language() -> str:
    """The language a leader's report download offers first: their own."""
    return user_language()


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(remember_choice)
    app.jinja_env.globals.update(
        current_language=current_language,
        survey_languages=survey_languages,
        language_names=LANGUAGES,
        report_language=report_language,
    )
