"""On a phone no chart cuts off its own words or writes them over each other, in any of the
four languages: every title, axis title, tick label and note of every chart on a leader's pages
stays inside the chart's drawing, and apart from every other.

French, German and Spanish labels run a third longer than the English; on a 390 px screen the
longer ones used to be cut at the chart's edge ("1 évaluateur sur 3" beside the enemies' line,
the trends comparison's row names) or to run into their neighbours (a heatmap's team columns,
the angled category names, the small multiples' dates, "Mit Vorsicht weiterverfolgen" under the
track record). ``static/js/chart_fit.js`` breaks, levels, thins or turns such labels once the
chart is drawn; ``charts.js`` then marks the chart ``chart-ready``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from survey_app.demo import DEMO_ORG
from survey_app.extensions import db
from survey_app.models import Organization, Role
from tests import factories

from .conftest import PHONE, LiveServer, PageFactory
from .demo_data import Demo, seed_demo, sign_in

pytestmark = pytest.mark.browser

# Every piece of text of every chart that reaches past the chart's SVG box:
# [chart, text, px inside at the left, right, top, bottom] (negative: cut off).
CLIPPED = """() => {
  const found = [];
  for (const chart of document.querySelectorAll("[data-figure]")) {
    const svg = chart.querySelector("svg.main-svg");
    if (!svg) { found.push([chart.dataset.figure, "(not drawn)"]); continue; }
    const box = svg.getBoundingClientRect();
    for (const text of chart.querySelectorAll("svg text")) {
      const r = text.getBoundingClientRect();
      if (!text.textContent.trim() || r.width === 0) continue;
      const inside = [r.left - box.left, box.right - r.right,
                      r.top - box.top, box.bottom - r.bottom];
      if (inside.some((px) => px < -1)) {
        found.push([chart.dataset.figure, text.textContent].concat(inside.map(Math.round)));
      }
    }
  }
  return found;
}"""


# Every two pieces of text of one chart drawn over each other: [chart, text, text, w, h].
OVERLAPPING = """() => {
  const found = [];
  for (const chart of document.querySelectorAll("[data-figure]")) {
    const texts = [...chart.querySelectorAll("svg text")]
      .filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0);
    texts.forEach((a, i) => texts.slice(i + 1).forEach((b) => {
      const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
      const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (w > 1 && h > 1) {
        found.push([chart.dataset.figure, a.textContent, b.textContent,
                    Math.round(w), Math.round(h)]);
      }
    }));
  }
  return found;
}"""


@pytest.fixture(scope="module")
def demo(live_server: LiveServer) -> Demo:
    return seed_demo(live_server)


def _leader(live_server: LiveServer, language: str) -> str:
    def seed() -> str:
        org = db.session.scalar(select(Organization).where(Organization.name == DEMO_ORG))
        assert org is not None
        user = factories.make_user(org, Role.LEADER, email=f"charts-{language}@example.com")
        user.language = language
        db.session.commit()
        return user.email

    return live_server.seed(seed)


def _charted_pages(demo: Demo) -> dict[str, str]:
    closed, _opened = demo.ids["campaign_id"]
    return {
        "the dashboard": f"/campaigns/{closed}/dashboard",
        "the trends page": f"/companies/{demo.ids['company_id'][0]}/trends",
        "a prospect": f"/prospects/{demo.ids['prospect_id'][0]}",
        "the pipeline": "/prospects/",
    }


def _drawn(page: Page) -> int:
    charts = page.locator("[data-figure]").all()
    for chart in charts:
        expect(chart).to_have_class(re.compile(r"\bchart-ready\b"), timeout=30_000)
    return len(charts)


@pytest.mark.parametrize("language", ["en", "fr", "de", "es"])
def test_no_chart_cuts_off_or_overlaps_its_words_on_a_phone(
    live_server: LiveServer, new_page: PageFactory, demo: Demo, language: str
) -> None:
    page = new_page(PHONE)
    page.set_default_timeout(30_000)
    sign_in(page, live_server, _leader(live_server, language), factories.PASSWORD)
    clipped, overlapping, charts = {}, {}, {}
    for what, path in _charted_pages(demo).items():
        page.goto(live_server(path))
        assert page.locator("html").get_attribute("lang") == language
        charts[what] = _drawn(page)
        clipped[what] = page.evaluate(CLIPPED)
        overlapping[what] = page.evaluate(OVERLAPPING)
    # Every page of the walk has charts to check (an empty walk would pass anything).
    assert all(charts.values()), charts
    assert not any(clipped.values()), clipped
    assert not any(overlapping.values()), overlapping
