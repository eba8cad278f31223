"""The cycle of issue 16 in a real browser: from the demo's closed campaign, a leader turns two
recommendations into actions, creates a strategy session with its roles, downloads the pre-read
and the deck, records a decision and marks an action done."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pptx import Presentation
from pypdf import PdfReader

from survey_app.reports.renderer import get_renderer
from survey_app.strategy_sessions import wording
from tests.browser.test_dashboard import _demo, _login

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_recommendations_to_actions_to_a_session(new_page, live_server) -> None:
    ids = _demo(live_server)
    page = new_page(viewport={"width": 1280, "height": 900})
    _login(page, live_server)
    due = (date.today() + timedelta(days=21)).isoformat()

    # 1-2. Two actions from the closed campaign's recommendations.
    dashboard = live_server(f"/campaigns/{ids['closed']}/dashboard")
    titles = []
    for n, owner in enumerate(("Lena Leader", None)):
        page.goto(dashboard)
        page.locator("#recommendations").get_by_role("link", name="Create an action").nth(n).click()
        title = page.get_by_label("Title")
        expect(title).not_to_have_value("")  # prefilled from the playbook
        titles.append(title.input_value())
        if owner:
            page.get_by_label("Owner", exact=True).select_option(label=owner)
        else:
            page.get_by_label("Or the owner's name, if they have no account").fill("Priya Presales")
        page.get_by_label("Due date").fill(due)
        page.get_by_role("button", name="Save the action").click()
        expect(page.get_by_text("Action saved.")).to_be_visible()
    for title in titles:
        expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()

    # 3. A session with its roles.
    page.get_by_role("link", name="New strategy session").click()
    page.get_by_label("Lena Leader").check()
    page.get_by_label("Other attendees, one name per line").fill("Priya Presales")
    page.get_by_label("Moderator").fill("Lena Leader")
    page.get_by_label("Timekeeper").fill("Rafael Rep")
    page.get_by_label("Scribe").fill("Priya Presales")
    page.get_by_role("button", name="Create the session").click()
    expect(page.locator("#role-scribe")).to_contain_text("Priya Presales")
    expect(page.locator("#role-moderator")).to_contain_text("Lena Leader")
    headings = page.locator("h3.h5").all_inner_texts()
    assert headings == [f"{n}. {item}" for n, item in enumerate(wording.AGENDA_ITEMS, 1)]

    # 4. The pre-read and the deck. Chromium (which draws the charts) is started first: on a
    # loaded machine its first start alone can take the report's whole time budget.
    get_renderer().start(timeout=120)
    with page.expect_download(timeout=180_000) as info:
        page.get_by_role("link", name="Download the pre-read (PDF)").click()
    pdf = PdfReader(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert len(pdf.pages) == 2
    assert titles[0][:40] in " ".join(pdf.pages[0].extract_text().split())
    with page.expect_download(timeout=180_000) as info:
        page.get_by_role("link", name="Download the deck (PPTX)").click()
    assert info.value.suggested_filename.endswith(".pptx")
    deck = Presentation(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert [s.shapes.title.text for s in deck.slides][3:] == [
        f"{n}. {item}" for n, item in enumerate(wording.AGENDA_ITEMS, 1)
    ]

    # 5. The scribe records a decision.
    page.get_by_role("textbox", name="Decision").fill("No review, no resources: from Monday on.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#decision-list")).to_contain_text(
        "No review, no resources: from Monday on."
    )

    # 6. An action is marked done, from the session's first agenda item.
    first = page.locator("section[aria-labelledby=item-1]")
    first.get_by_label(f"Status of {titles[0]}").select_option("done")
    first.get_by_role("button", name=f"Set the status of {titles[0]}").click()
    expect(page.get_by_text("is now done.")).to_be_visible()
    expect(
        page.locator("section[aria-labelledby=item-1]").get_by_label(f"Status of {titles[0]}")
    ).to_have_value("done")


def test_the_next_wave_shows_the_before_and_after_of_what_was_acted_on(
    new_page, live_server
) -> None:
    """Step 7: an action on the first demo wave's recommendation; the next wave's dashboard then
    shows that practice's (or enemy's) before and after, beside those without an action."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.test_accessibility import assert_accessible

    ids = _demo(live_server)
    page = new_page(viewport={"width": 1280, "height": 900})
    _login(page, live_server)
    page.goto(live_server(f"/campaigns/{ids['closed']}/dashboard"))
    expect(page.locator("#action-effect")).to_have_count(0)  # nothing acted on before it yet

    page.goto(live_server(f"/campaigns/{ids['first']}/dashboard"))
    page.locator("#recommendations").get_by_role("link", name="Create an action").first.click()
    page.get_by_label("Or the owner's name, if they have no account").fill("Priya Presales")
    page.get_by_label("Due date").fill((date.today() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_text("Action saved.")).to_be_visible()

    page.goto(live_server(f"/campaigns/{ids['closed']}/dashboard"))
    effect = page.locator("#action-effect")
    expect(effect).to_contain_text("What changed where you acted")
    expect(effect).to_contain_text("not proof that an action caused the change")
    expect(effect.locator(".js-plotly-plot").first).to_be_visible()  # the chart is drawn
    effect.locator("details summary").first.click()
    first_row = effect.locator("tbody tr").first
    expect(first_row.locator("td").first).to_have_text("1 action")  # acted on: listed first
    expect(effect.locator("tbody tr").nth(1).locator("td").first).to_have_text("None")
    assert_accessible(Axe(), page)
