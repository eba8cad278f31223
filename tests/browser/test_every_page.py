"""axe-core on every page of every role: found by walking the URL map, so a new page is checked
without anyone remembering to add it.

Each role (every ``Role``: leader, admin, rep; a team-scoped viewer is a leader, whose own
pages test_scoped_pages.py checks) signs in as the demo organisation's user of that role and
opens every GET route of the app with ids from the demo data: a closed and an open campaign,
the company, a prospect with assessments and one without, an assessment. A route whose
argument is not mapped fails the test, saying what to add.
A route named like a file (a PDF, XLSX or zip download) is not a page, nor is a probe's plain
text. The forms that create something are also sent empty, to check them with their errors.
The respondent walks the survey from the link to the thank-you page, every state in between
included, and the error pages and the sign-in are opened signed out. Every page is checked
once its charts are drawn (Plotly puts controls inside them), at a desktop width, where the
main menu is open, and no page may have a serious or critical violation. The count of pages
checked prints at the end of the run (``tests/security/conftest.py``'s summary hook).

Every page is also read as a person would: no ISO or zero-padded date in its visible text
(one date format across the app: ``survey_app.text.day``), and no "1 people" (one plural
helper, ``survey_app.text.plural``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from survey_app.models import Role
from tests.security.conftest import fill, walked_rules

from .conftest import LiveServer, PageFactory
from .demo_data import Demo, seed_demo, sign_in

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
DESKTOP = {"width": 1280, "height": 900}
ACCESSIBILITY_PROPERTY = "accessibility_summary"
# Not the same person's pages: the respondent's are walked from a survey link below.
RESPONDENT_ENDPOINTS = ("surveys.",)
# Form pages sent empty as well, to check the page with its errors (nothing is stored).
SENT_EMPTY = (".create", ".assess", "selfcheck.index")
# Action plans and strategy sessions: their forms refused, errors beside the fields.
SENT_EMPTY += (".new_from_campaign", ".new_for_campaign", "strategy_sessions.detail")
# The webhook endpoints (settings): the form refused, with its errors.
SENT_EMPTY += ("admin.webhooks",)
# Single sign-on (admin): the form refused, with its errors.
SENT_EMPTY += ("admin.sso",)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
DOWNLOAD = re.compile(r"\.[a-z]+$")
# "1 people invited": a count of one with a plural noun (survey_app.text.plural writes these).
ONE_PLURAL = re.compile(
    r"\b1 (people|responses|assessments|invitations|links|emails|teams|enemies|campaigns|rows"
    r"|self-checks|minutes|notes|parts|waves|practices|questions)\b"
)
PADDED_DATE = re.compile(r"\b0\d [A-Z][a-z]{2} \d{4}\b")


@pytest.fixture(scope="module")
def demo(live_server: LiveServer) -> Demo:
    return seed_demo(live_server)


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@dataclass
class Checked:
    """The pages checked, and what was wrong with them."""

    pages: list[str] = field(default_factory=list)
    not_pages: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    # structure (STRUCTURE below) -> the first page axe ran on with it
    structures: dict[str, str] = field(default_factory=dict)
    same_structure: list[str] = field(default_factory=list)


# What axe's rules read of a page, without its words: every element with every attribute and
# its inline style, whether it holds text of its own, the state of each form control, which
# element has the focus, and the styles the page loads. Numbers in
# attribute values are blanked (ids in links, chart coordinates), except in the attributes
# that name or point at another element, where a clash is itself a violation. Two pages alike
# in this get the same answer from axe, so it runs once for them; what depends on the words
# (dates, plurals) is read on every page.
STRUCTURE = """() => {
  const exact = new Set(["id", "for", "headers", "aria-labelledby", "aria-describedby",
                         "aria-controls", "aria-owns", "list", "form"]);
  const out = [...document.styleSheets].map(sheet => sheet.href || "inline");
  const walk = (el, depth) => {
    const attrs = [...el.attributes].map(a =>
      a.name + "=" + (exact.has(a.name) ? a.value : a.value.replace(/[0-9]+/g, "0")));
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const state = "value" in el && el.tagName !== "LI" && el.tagName !== "BUTTON"
      ? ` checked=${el.checked} filled=${el.value !== ""}` : "";
    const focused = el === document.activeElement ? " FOCUSED" : "";
    out.push(depth + " " + el.tagName + " " + attrs.sort().join(" ") + state + focused
             + (text ? " T" : ""));
    for (const child of el.children) walk(child, depth + 1);
  };
  walk(document.documentElement, 0);
  return out.join("\\n");
}"""


def _charts_drawn(page: Page) -> None:
    """Wait for every Plotly figure of the page: its controls are what axe must see."""
    for chart in page.locator("[data-figure]").all():
        expect(chart.locator("svg.main-svg").first).to_be_attached(timeout=30_000)


def check_page(page: Page, axe: Axe, checked: Checked, what: str) -> None:
    """Run axe on the page as it is now, and read its visible text; record what fails."""
    _charts_drawn(page)
    checked.pages.append(what)
    structure = page.evaluate(STRUCTURE)
    if structure in checked.structures:
        checked.same_structure.append(f"{what} = {checked.structures[structure]}")
        blocking = []
    else:
        checked.structures[structure] = what
        results = axe.run(page)
        blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    for v in blocking:
        for node in v["nodes"]:
            why = "; ".join(check["message"] for check in node["any"])
            checked.failures.append(f"{what}: {v['id']} ({v['impact']}) {node['target']} {why}")
    text = page.locator("body").inner_text()
    for pattern in (ISO_DATE, PADDED_DATE):
        for date in pattern.findall(text):
            checked.failures.append(f"{what}: a date not written as '1 Dec 2026': {date!r}")
    for match in ONE_PLURAL.finditer(text):
        checked.failures.append(f"{what}: {match.group(0)!r}")


def _paths(live_server: LiveServer, demo: Demo) -> list[tuple[str, str]]:
    """(endpoint, path) of every GET route a signed-in user can open, once per mapped id."""
    paths = []
    for rule in walked_rules(live_server.app, "GET"):
        if rule.endpoint.startswith(RESPONDENT_ENDPOINTS):
            continue
        names = sorted(rule.arguments)
        if not names:
            paths.append((rule.endpoint, fill(rule, {})))
            continue
        fill(rule, {n: 0 for n in names if n in demo.ids})  # fails on an unmapped argument
        for n in range(max(len(demo.ids[name]) for name in names)):
            values = {name: demo.ids[name][min(n, len(demo.ids[name]) - 1)] for name in names}
            paths.append((rule.endpoint, fill(rule, values)))
    return list(dict.fromkeys(paths))


def _is_page(page: Page, path: str, url: str) -> bool:
    """A route named like a file (``report.pdf``, ``export.xlsx``) is a download, not a page;
    any other is fetched with the page's cookies: an HTML answer is a page, anything else (a
    probe's JSON) is not."""
    if DOWNLOAD.search(path):
        return False
    response = page.request.get(url, max_redirects=0)
    assert response.status < 500, (url, response.status)
    return response.headers.get("content-type", "").startswith("text/html")


def _walk_role(
    role: Role, page: Page, axe: Axe, live_server: LiveServer, demo: Demo, checked: Checked
) -> None:
    email, password = demo.logins[role]
    sign_in(page, live_server, email, password)
    seen: set[str] = set()
    for endpoint, path in _paths(live_server, demo):
        what = f"{role.value} {path}"
        if not _is_page(page, path, live_server(path)):
            checked.not_pages.append(what)
            continue
        page.goto(live_server(path))
        if page.url in seen:  # a redirect to a page already checked ("/" to the home page)
            continue
        seen.add(page.url)
        check_page(page, axe, checked, what)
        if endpoint == "selfcheck.index":  # the history, opened
            page.locator("details > summary").first.click()
            check_page(page, axe, checked, f"{what} (history open)")
        send = page.locator("main form[method=post] button.btn-primary[type=submit]:visible")
        if endpoint.endswith(SENT_EMPTY) and send.count():  # not on a page refused to the role
            send.first.click()
            page.wait_for_load_state()
            check_page(page, axe, checked, f"{what} (sent empty)")


def _walk_respondent(
    page: Page, axe: Axe, live_server: LiveServer, demo: Demo, checked: Checked
) -> None:
    page.goto(live_server(f"/s/{demo.unused_link}"))
    check_page(page, axe, checked, "respondent intro")
    page.get_by_role("link", name="Start the survey").click()
    expect(page).to_have_url(re.compile(r"/survey/answers$"))
    check_page(page, axe, checked, "respondent form")
    answer = page.locator(".rating-scale").first.locator("label").nth(2)
    answer.click()
    page.keyboard.press("ArrowRight")  # the focused answer: the pale-on-pale of the issue
    check_page(page, axe, checked, "respondent form, an answer focused")
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.locator("#error-summary")).to_be_visible()
    check_page(page, axe, checked, "respondent form with its errors")
    page.get_by_role("button", name="Save and finish later").click()
    check_page(page, axe, checked, "respondent saved")
    page.goto(live_server("/survey/answers"))
    for n in range(page.locator(".rating-scale").count()):
        page.locator(".rating-scale").nth(n).locator("label").nth(6).click()
        page.locator(".choice-list").nth(n).locator("label").nth(2).click()
    team = page.locator("#q-team label")
    if team.count():
        team.first.click()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page).to_have_url(re.compile(r"/survey/thanks$"))
    check_page(page, axe, checked, "respondent thanks")
    page.goto(live_server(f"/s/{demo.unused_link}"))
    check_page(page, axe, checked, "respondent link already used")


def _walk_signed_out(page: Page, axe: Axe, live_server: LiveServer, checked: Checked) -> None:
    errors: dict[str, Callable[[], None]] = {
        "sign-in": lambda: page.goto(live_server("/auth/login")),
        "sign-in with its errors": lambda: (
            page.goto(live_server("/auth/login")),
            page.get_by_role("button", name="Sign in").click(),
            expect(page.get_by_role("alert")).to_be_visible(),
        ),
        "single sign-on for a domain without it": lambda: (
            page.goto(live_server("/auth/login")),
            page.get_by_label("Work address").fill("pat@no-sso.example.org"),
            page.get_by_role("button", name="Continue with single sign-on").click(),
            expect(page.get_by_role("alert")).to_be_visible(),
        ),
        "single sign-on's way back, with no sign-in under way": lambda: page.goto(
            live_server("/auth/sso/callback?state=x&code=y")
        ),
        "404": lambda: page.goto(live_server("/no-such-page")),
        "405": lambda: page.goto(live_server("/auth/logout")),
        "400 (a NUL character)": lambda: page.goto(live_server("/auth/login?next=%00")),
        "unknown survey link": lambda: page.goto(live_server("/s/not-a-real-token-at-all")),
        "survey with no link": lambda: page.goto(live_server("/survey")),
    }
    for what, open_page in errors.items():
        open_page()
        check_page(page, axe, checked, f"signed out: {what}")
    # Every page without an argument, as someone signed out meets it ("Forgot password?", or
    # the sign-in a page sends them to): each once.
    seen = {page.url}
    for rule in walked_rules(live_server.app, "GET"):
        path = fill(rule, {}) if not rule.arguments else None
        if path is None or rule.endpoint.startswith(RESPONDENT_ENDPOINTS):
            continue
        if not _is_page(page, path, live_server(path)):
            continue
        page.goto(live_server(path))
        if page.url not in seen:
            seen.add(page.url)
            check_page(page, axe, checked, f"signed out: {path}")


def test_every_page_of_every_role_passes_axe(
    live_server: LiveServer,
    new_page: PageFactory,
    axe: Axe,
    demo: Demo,
    record_property: Callable[[str, object], None],
) -> None:
    checked = Checked()
    # Deliberate errors: the console reports each failed load (422: a form sent empty, refused).
    for code in ("400", "403", "404", "405", "410", "422"):
        new_page.allow_console_error(f"status of {code}")
    for role in Role:
        page = new_page(DESKTOP)
        page.set_default_timeout(30_000)
        _walk_role(role, page, axe, live_server, demo, checked)
    _walk_respondent(new_page(DESKTOP), axe, live_server, demo, checked)
    _walk_signed_out(new_page(DESKTOP), axe, live_server, checked)
    assert len(checked.pages) > 50, checked.pages
    assert not checked.failures, "\n".join(checked.failures)
    record_property(  # printed at the end of the run (tests/security/conftest.py)
        ACCESSIBILITY_PROPERTY,
        f"axe: {len(checked.pages)} pages checked (every GET route for leader, admin and rep, "
        f"the respondent's survey, the error pages and the sign-in), no serious or critical "
        f"violation; axe ran on {len(checked.structures)} of them, the others alike in "
        f"structure to one of those; {len(checked.not_pages)} downloads and probes, which are "
        f"not pages",
    )
