"""Copy and small defects, each at its mechanism: one plural helper, one date format, one sort
key for names, readable number ranges, honest promises, one Content-Type, and the pages that
got them wrong ("1 people invited", "between 0 and 1000000000000", "Teams" twice, "Share with"
listing yourself, a wave compared with itself)."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from wtforms.validators import NumberRange

import survey_app
from survey_app.downloads import attachment, download_name
from survey_app.extensions import db
from survey_app.models import CampaignStatus, Organization, Role, User
from survey_app.text import day, moment, plural, range_message, sort_key

from . import factories
from .test_form_control_characters import _fields, app_form_classes

PACKAGE = Path(survey_app.__file__).parent
TEMPLATES = PACKAGE.parent / "templates"
NAMES = ["Zürich Versicherung", "apple Farms", "Ñandú Logística", "Émile Conseil", "Nordic Tiles"]
IN_ORDER = [
    "apple Farms",
    "Émile Conseil",
    "Ñandú Logística",
    "Nordic Tiles",
    "Zürich Versicherung",
]


@pytest.fixture(autouse=True)
def one_user_per_request(app: Flask) -> None:
    @app.before_request
    def forget_user() -> None:
        g.pop("_login_user", None)


def _sources() -> dict[str, str]:
    """Every template and every module of the package, by path: where text comes from."""
    files = [*TEMPLATES.rglob("*.html"), *PACKAGE.rglob("*.py")]
    return {
        str(p.relative_to(PACKAGE.parent)): p.read_text()
        for p in files
        if "migrations" not in p.parts and p.name != "text.py"
    }


# ---- plurals: one helper ----------------------------------------------------------------

HAND_MADE_PLURAL = re.compile(
    r"""(['"])s?\1 if [\w.|() ]+ [!=]= ?1( else (['"])s?\3| }})"""  # '' if n == 1 else 's'
    r"""|(['"])(\w+)\4 if [\w.|() -]+ == ?1 else (['"])(\5s|people)\6"""  # 'row' if ... 'rows'
)
# Written beside survey_app.text before it existed: each should call text.plural. The test
# fails once a file here no longer needs its entry, so the list only shrinks.
NOT_YET_ON_THE_HELPER: set[str] = set()  # the last three went with the campaign pages' ngettext


def test_plural():
    assert plural(1, "person") == "1 person"
    assert plural(2, "person") == "2 people"
    assert plural(0, "response") == "0 responses"
    assert plural(1, "anonymous link") == "1 anonymous link"
    assert plural(1200, "response") == "1,200 responses"
    assert plural(3, "enemy") == "3 enemies"


def test_no_page_or_message_makes_its_own_plural():
    found = {path for path, text in _sources().items() if HAND_MADE_PLURAL.search(text)}
    assert found <= NOT_YET_ON_THE_HELPER, sorted(found - NOT_YET_ON_THE_HELPER)
    stale = {p for p in NOT_YET_ON_THE_HELPER if p in _sources()} - found
    assert not stale, f"now on survey_app.text.plural: drop {sorted(stale)} from the list"


def test_one_person_invited_is_one_person(org, leader_client: FlaskClient) -> None:
    campaign = factories.make_campaign(factories.make_company(org))
    page = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails",
        data={"emails-emails": "pat@example.com"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "1 person invited." in page
    assert "1 people" not in page


# ---- dates: one format, one function ------------------------------------------------------


def test_one_date_format():
    assert day(date(2026, 12, 1)) == "1 Dec 2026"
    assert day(date(2026, 5, 15)) == "15 May 2026"
    assert day(None) == ""
    assert day(None, "not set") == "not set"
    assert moment(datetime(2026, 12, 1, 14, 5, 9)) == "1 Dec 2026, 14:05 UTC"
    assert moment(datetime(2026, 12, 1, 14, 5, 9), seconds=True) == "1 Dec 2026, 14:05:09 UTC"


def test_no_template_formats_a_date_itself():
    """Every date on a page or in a report goes through the ``day`` filter (or ``fmt.day``)."""
    raw = re.compile(r"strftime\(|\{\{ *[\w.]+_on *(or [^}]*)?\}\}|\{\{ *[\w.]+_on\|string")
    found = {
        path: raw.findall(text)
        for path, text in _sources().items()
        if path.startswith("templates/") and raw.search(text)
    }
    assert not found, found


# ---- names: one sort key -----------------------------------------------------------------


def test_sort_key_orders_by_letters_then_accents():
    assert sorted(NAMES, key=sort_key) == IN_ORDER
    assert sorted(["Zürich", "Ñandú"], key=sort_key) == ["Ñandú", "Zürich"]
    assert sorted(["emile", "Émile", "Emile"], key=sort_key)[0] in {"emile", "Emile"}
    assert sort_key("Ｚürich") < sort_key("Zz")  # full width sorts as its letters
    assert sort_key("Ana\u200b")[0] == sort_key("Ana")[0]  # invisible characters set aside


def _order(page: str, names: list[str]) -> list[str]:
    return sorted((n for n in names if n in page), key=page.index)


def test_every_list_of_names_is_in_name_order(
    app: Flask, org: Organization, leader: User, leader_client: FlaskClient
) -> None:
    for name in NAMES:
        factories.make_company(org, name=name, teams=())
        factories.make_prospect(org, owner=leader, name=f"{name} prospect")
        user = factories.make_user(org, Role.REP)
        user.name = f"{name} person"
    db.session.commit()
    campaign = factories.make_campaign(factories.make_company(org, "Teams Co", teams=tuple(NAMES)))
    prospects = [f"{n} prospect" for n in IN_ORDER]
    people = [f"{n} person" for n in IN_ORDER]
    pages = {
        "/companies/": IN_ORDER,
        "/campaigns/new": IN_ORDER,  # the company choices
        "/prospects/": prospects,  # same rank (not assessed): by name
        "/prospects/new": people,  # the owner and sharing lists
    }
    assert list(campaign.team_labels.values()) == IN_ORDER  # every team list reads these
    for path, expected in pages.items():
        page = leader_client.get(path).get_data(as_text=True)
        names = [n for n in expected if n in page]
        assert names == expected, path
        assert _order(page, expected) == expected, path


# ---- number ranges: readable ---------------------------------------------------------------


def test_every_number_range_says_its_numbers_readably(app, org):
    assert range_message(0, 10**12) == "Enter a number from 0 to 1,000,000,000,000."
    checked = 0
    for form_class in app_form_classes(org):
        for field in _fields(form_class):
            for validator in field.validators:
                if isinstance(validator, NumberRange):
                    checked += 1
                    message = str(validator.message or "")  # lazy: in the language being rendered
                    assert message, f"{form_class.__qualname__}.{field.name}: WTForms' default"
                    assert not re.search(r"\d{5}", message), message
    assert checked >= 5


def test_a_deal_size_too_large_says_so_readably(rep_client: FlaskClient) -> None:
    page = rep_client.post(
        "/prospects/new", data={"name": "Big deal", "deal_size": str(10**13)}
    ).get_data(as_text=True)
    assert "Enter a number from 0 to 1,000,000,000,000." in page
    assert "between 0 and" not in page


# ---- forms -------------------------------------------------------------------------------


def test_the_new_company_form_says_teams_once(leader_client: FlaskClient) -> None:
    page = leader_client.get("/companies/new").get_data(as_text=True)
    labels = re.findall(r"<(?:legend|label)[^>]*>\s*([^<]+?)\s*<", page)
    assert labels.count("Teams") == 1, labels
    assert "Team names" in labels


def test_share_with_lists_everyone_but_yourself(
    org: Organization, rep: User, rep_client: FlaskClient
) -> None:
    colleague = factories.make_user(org, Role.REP)
    for path in ("/prospects/new", f"/prospects/{factories.make_prospect(org, rep).id}/edit"):
        page = rep_client.get(path).get_data(as_text=True)
        sharing = page[page.index("share-list") : page.index("</ul>", page.index("share-list"))]
        assert f'value="{colleague.id}"' in sharing, path
        assert f'value="{rep.id}"' not in sharing, path
        assert re.search(f'<option [^>]*value="{rep.id}"', page)  # still a possible owner


def test_a_wave_is_never_compared_with_itself(
    org: Organization, leader_client: FlaskClient
) -> None:
    company = factories.make_company(org, teams=())
    waves = []
    for title in ("Spring", "Autumn"):
        campaign = factories.make_campaign(company, title, k=3, with_teams=False)
        factories.make_responses(campaign, None, 3)
        campaign.status = CampaignStatus.CLOSED
        waves.append(campaign.id)
    db.session.commit()
    same = leader_client.get(f"/companies/{company.id}/trends?a={waves[0]}&b={waves[0]}")
    page = same.get_data(as_text=True)
    assert "Choose two different waves" in page
    assert 'id="compare-index"' not in page
    assert 'id="figure-compare_practices"' not in page
    two = leader_client.get(f"/companies/{company.id}/trends?a={waves[0]}&b={waves[1]}")
    assert 'id="compare-index"' in two.get_data(as_text=True)


# ---- promises ----------------------------------------------------------------------------

# Features that the administration and job-queue issues build: the endpoints that show one is
# there, the words that would promise it, and the words that say it is not there yet. Until its
# endpoints exist, no text may promise it; once they do, no text may still say it is missing.
FEATURES = {
    "reminders": (
        re.compile(r"remind"),  # the job-queue issue
        re.compile(r"send (you )?a reminder|we will remind|reminders? (is|are|will be) sent", re.I),
        re.compile(r"no reminders? (in the app )?yet", re.I),
    ),
    "password reset": (
        re.compile(r"forgot|reset|set_password"),
        re.compile(r"reset your password|forgot(ten)? your password\?|reset link", re.I),
        re.compile(r"no password reset in the app yet", re.I),
    ),
    "user administration": (
        re.compile(r"^admin\."),
        re.compile(r"ask an admin|ask your admin|an admin (of your organisation )?can", re.I),
        re.compile(r"cannot be changed in the app yet|no admin pages yet", re.I),
    ),
}


def test_no_text_promises_a_feature_that_does_not_exist(app: Flask) -> None:
    endpoints = [rule.endpoint for rule in app.url_map.iter_rules()]
    found = []
    for feature, (endpoint, promise, missing) in FEATURES.items():
        built = any(endpoint.search(e) for e in endpoints)
        wrong = missing if built else promise
        found += [f"{path}: {feature}" for path, text in _sources().items() if wrong.search(text)]
    assert not found, found


def test_a_locked_sign_in_says_what_to_do_today() -> None:
    """Password reset exists now (the administration issue): the lock says where it is."""
    from survey_app.auth.throttle import Lock
    from survey_app.models._types import utcnow

    message = Lock("email", utcnow()).message
    assert "“Forgot password?”" in message, message  # the sign-in page's link
    assert not FEATURES["user administration"][1].search(message), message


# ---- downloads: one Content-Type ---------------------------------------------------------


def test_a_download_has_one_charset(app: Flask) -> None:
    name = download_name("links", suffix=".csv")
    response = attachment(b"a,b\r\n", "text/csv; charset=utf-8", name)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert attachment(b"%PDF", "application/pdf", name).headers["Content-Type"] == (
        "application/pdf"
    )


def test_no_download_route_doubles_its_charset(
    app: Flask, org: Organization, leader_client: FlaskClient
) -> None:
    campaign = factories.make_campaign(factories.make_company(org), status=CampaignStatus.CLOSED)
    for path in (
        f"/campaigns/{campaign.id}/export-csv.zip",
        f"/campaigns/{campaign.id}/export.xlsx",
    ):
        content_type = leader_client.get(path).headers["Content-Type"]
        assert content_type.count("charset") <= 1, (path, content_type)
