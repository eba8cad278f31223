"""At 390 x 844 (a phone) nothing scrolls sideways: the pipeline, a prospect, the dashboard,
the campaign page, the actions list, a strategy session and the trends page, walked as a leader
on the demo data. The pipeline (and the dashboard's
practice table, a campaign's team progress) is a card per row on a phone and a table on a wide
screen, from one markup and CSS alone (``table-cards`` in app.css).

The page never scrolls sideways, with every fold opened. The one exception inside it: a chart's
numbers folded under "Show the numbers as a table" may scroll in their own box, being a matrix
(teams by 20 enemies) that no phone could show at once; what a page shows unfolded never does.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import PHONE, LiveServer, PageFactory
from .demo_data import Demo, seed_demo, sign_in

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 900}

# Every element that scrolls sideways, the page itself included: (what, content, box) widths.
SIDEWAYS = """() => {
  const found = [];
  const root = document.scrollingElement;
  if (root.scrollWidth > window.innerWidth) {
    found.push(["the page", root.scrollWidth, window.innerWidth]);
  }
  for (const el of document.querySelectorAll("body *")) {
    const overflow = getComputedStyle(el).overflowX;
    if ((overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth + 1) {
      const inner = el.querySelector("[id]");
      found.push([el.tagName.toLowerCase() + "." + el.className + " > #" + (inner ? inner.id : ""),
                  el.scrollWidth, el.clientWidth, el.closest("details") ? "folded" : "shown"]);
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def demo(live_server: LiveServer) -> Demo:
    return seed_demo(live_server)


def _ready(page: Page) -> None:
    for chart in page.locator("[data-figure]").all():
        expect(chart.locator("svg.main-svg").first).to_be_attached(timeout=30_000)


def test_a_leaders_pages_fit_a_phone(
    live_server: LiveServer, new_page: PageFactory, demo: Demo
) -> None:
    page = new_page(PHONE)
    page.set_default_timeout(30_000)
    sign_in(page, live_server, *demo.logins[next(iter(demo.logins))])
    closed, opened = demo.ids["campaign_id"]
    walk = {
        "the home page": "/",
        "the pipeline": "/prospects/",
        "a prospect": f"/prospects/{demo.ids['prospect_id'][0]}",
        "the dashboard": f"/campaigns/{closed}/dashboard",
        "the campaign page": f"/campaigns/{opened}",
        "a closed campaign's page": f"/campaigns/{closed}",
        # A card per action, per agenda row and per wave on a phone (table-cards).
        "the actions list": "/actions/",
        "a strategy session": f"/sessions/{demo.ids['session_id'][0]}",
        "the trends page": f"/companies/{demo.ids['company_id'][0]}/trends",
    }
    wide = {}
    for what, path in walk.items():
        page.goto(live_server(path))
        _ready(page)
        shown = page.evaluate(SIDEWAYS)
        page.evaluate("document.querySelectorAll('main details').forEach(d => { d.open = true; })")
        unfolded = page.evaluate(SIDEWAYS)
        wide[what] = [found for found in shown + unfolded if found[-1] != "folded"]
    assert not any(wide.values()), wide


def test_the_pipeline_is_cards_on_a_phone_and_a_table_on_a_desktop(
    live_server: LiveServer, new_page: PageFactory, demo: Demo
) -> None:
    for viewport, row_display, header_visible in (
        (PHONE, "block", False),
        (DESKTOP, "table-row", True),
    ):
        page = new_page(viewport)
        sign_in(page, live_server, *demo.logins[next(iter(demo.logins))])
        page.goto(live_server("/prospects/"))
        rows = page.locator("#pipeline tbody tr")
        assert rows.count() >= 4
        first = rows.first
        assert first.evaluate("tr => getComputedStyle(tr).display") == row_display
        header_box = page.locator("#pipeline thead").bounding_box()
        assert header_box is not None
        assert (header_box["height"] > 1) == header_visible  # on a phone: for screen readers only
        if not header_visible:  # each value is labelled on its card, as the column was
            labels = first.locator("td").evaluate_all(
                "cells => cells.map(c => getComputedStyle(c, '::before').content)"
            )
            assert labels == [
                '"Verdict"',
                '"Culture Risk"',
                '"Trend"',
                '"Owner"',
                '"Deal size"',
                '"Last assessed"',
            ]
            box = first.bounding_box()
            assert box is not None
            assert box["width"] <= PHONE["width"]
        assert not page.evaluate(SIDEWAYS)
