"""axe-core finds no serious or critical violation on the respondent's pages and the sign-in."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def assert_accessible(axe: Axe, page: Page) -> None:
    results = axe.run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in blocking
    )
    assert not blocking, f"{page.url}\n{report}"


def test_respondent_pages(page: Page, axe: Axe, survey_link) -> None:
    page.goto(survey_link())
    expect(page.get_by_role("heading", name="What stays confidential")).to_be_visible()
    assert_accessible(axe, page)  # the intro

    page.get_by_role("link", name="Start the survey").click()
    expect(page).to_have_url(re.compile(r"/survey/answers$"))
    assert_accessible(axe, page)  # the form

    page.locator("label[for='recognized_rewarded__importance-3']").click()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(axe, page)  # the form with its errors

    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()
    assert_accessible(axe, page)


def test_thank_you_and_refusal_pages(new_page, axe: Axe, live_server, survey_link) -> None:
    link = survey_link(team="Support")
    page = new_page()
    page.goto(link)
    page.get_by_role("link", name="Start the survey").click()
    for n in range(9):
        page.locator(".rating-scale").nth(n).locator("label").nth(5).click()
        page.locator(".choice-list").nth(n).locator("label").nth(2).click()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page).to_have_url(re.compile(r"/survey/thanks$"))
    assert_accessible(axe, page)

    page.goto(link)
    expect(page.get_by_role("heading")).to_have_text("We have already received your answers")
    assert_accessible(axe, page)
    new_page.allow_console_error("/s/not-a-real-token")  # a deliberate 404
    page.goto(live_server("/s/not-a-real-token"))
    expect(page.get_by_role("heading")).to_have_text("We could not find this survey")
    assert_accessible(axe, page)


def test_sign_in_page(page: Page, axe: Axe, live_server) -> None:
    page.goto(live_server("/auth/login"))
    expect(page.get_by_role("heading", name="Sign in", exact=True)).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Sign in").click()  # with its errors shown
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(axe, page)


# Colours of the focused answer's label at every animation frame for ``ms`` after a key press,
# as contrast ratios (text on its background, over the white card).
FRAMES_CONTRAST = """async (ms) => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const over = (top, under) => {
    const a = top.length > 3 ? top[3] : 1;
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a));
  };
  const ratios = [];
  const start = performance.now();
  while (performance.now() - start < ms) {
    const label = document.activeElement.nextElementSibling;
    const style = getComputedStyle(label);
    const bg = over(parse(style.backgroundColor), [255, 255, 255]);
    const fg = over(parse(style.color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    ratios.push((hi + 0.05) / (lo + 0.05));
    await new Promise(requestAnimationFrame);
  }
  return ratios;
}"""


def test_a_focused_answer_is_readable_at_every_frame(page: Page, survey_link) -> None:
    """Bootstrap faded a chosen answer's colours over 0.15 s: for those frames the focused
    answer was pale blue on pale blue, which axe caught when it ran at that moment."""
    page.goto(survey_link())
    page.get_by_role("link", name="Start the survey").click()
    first = page.locator(".rating-scale input").first
    first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # by keyboard: focus-visible
    for key in ("Space", "ArrowRight", "ArrowRight"):
        page.keyboard.press(key)
        ratios = page.evaluate(FRAMES_CONTRAST, 300)
        assert ratios, "no frame sampled"
        assert min(ratios) >= 4.5, [round(r, 2) for r in ratios]
