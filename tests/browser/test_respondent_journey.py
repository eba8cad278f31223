"""The respondent's journey in a real browser, on a phone-sized (390x844) screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Invitation, Response, UsedToken, token_digest

pytestmark = pytest.mark.browser

PRACTICES = [
    "recognized_rewarded",
    "support_people",
    "org_chart_mapping",
    "strategy_reviews",
    "clear_owner",
    "split_credits",
    "global_coverage",
    "sales_culture",
    "selling_skills",
]


def stored_answers(live_server, link: str) -> list[dict[tuple[str, str], int]]:
    """The answers of each response stored for the campaign behind ``link``."""
    digest = token_digest(link.rsplit("/", 1)[1])

    def query() -> list[dict[tuple[str, str], int]]:
        current = select(Invitation.campaign_id).where(Invitation.token_hash == digest)
        replaced = (
            select(Invitation.campaign_id)
            .join(UsedToken, UsedToken.invitation_id == Invitation.id)
            .where(UsedToken.token_hash == digest)
        )
        campaign_id = db.session.scalar(current) or db.session.scalar(replaced)
        responses = db.session.scalars(select(Response).where(Response.campaign_id == campaign_id))
        return [{(a.item_key, a.dimension): a.value for a in r.answers} for r in responses]

    return live_server.seed(query)


def progress(page: Page) -> str:
    return " ".join(page.locator(".progress-text").inner_text().split())


def pick(page: Page, field: str, index: int) -> None:
    """Tap the answer button (a label) of the ``index``-th option of a question."""
    page.locator(f"label[for='{field}-{index}']").click()


def answer_practices(page: Page, practices: list[str], importance: int = 7) -> None:
    for n, key in enumerate(practices):
        pick(page, f"{key}__importance", importance - 1)
        pick(page, f"{key}__execution", n % 4)


def test_full_journey_by_keyboard(page: Page, live_server, survey_link) -> None:
    link = survey_link(k=3)
    page.goto(link)
    expect(page).to_have_url(re.compile(r"/survey$"))  # the token left the address bar
    expect(page.get_by_text("combined over at least 3 people")).to_be_visible()
    page.get_by_role("link", name="Start the survey").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/survey/answers$"))
    assert progress(page) == "0 of 19 questions answered"

    ticks = {"no_trust__present", "cynicism__present"}
    importance = dict(zip(PRACTICES, [1, 2, 3, 4, 5, 6, 7, 8, 10], strict=True))
    focus_checked = False
    for _ in range(200):  # Tab through the form, answering each question from the keyboard
        page.keyboard.press("Tab")
        active = page.evaluate(
            "() => ({name: document.activeElement.name || '', type: document.activeElement.type,"
            " form: !!document.activeElement.closest('#survey-form')})"
        )
        if not active["form"]:
            continue
        name, kind = active["name"], active["type"]
        if name == "action":
            break
        if kind == "checkbox" and name in ticks:
            page.keyboard.press("Space")
        elif kind == "radio":
            if not focus_checked and name.endswith("__importance"):
                # The focused answer button shows a clear focus ring.
                outline = page.evaluate(
                    "() => getComputedStyle(document.activeElement.nextElementSibling).outlineStyle"
                )
                assert outline == "solid"
                focus_checked = True
            page.keyboard.press("Space")
            if name.endswith("__importance"):
                steps = importance[name.split("__")[0]] - 1
            elif name.endswith("__execution"):
                steps = PRACTICES.index(name.split("__")[0]) % 4
            else:
                steps = 1  # the team: the second one, "Support"
            for _step in range(steps):
                page.keyboard.press("ArrowRight")
    else:
        pytest.fail("never reached the submit button")
    assert focus_checked
    assert progress(page) == "19 of 19 questions answered"  # updated live, no reload
    expect(page.locator("#survey-progress .progress")).to_have_attribute("aria-valuenow", "19")

    page.keyboard.press("Enter")  # on "Submit my answers"
    expect(page).to_have_url(re.compile(r"/survey/thanks$"))
    expect(
        page.get_by_role("heading", name=re.compile("your answers have been received"))
    ).to_be_visible()

    [answers] = stored_answers(live_server, link)
    assert answers[("selling_skills", "importance")] == 10
    assert answers[("support_people", "execution")] == 2
    assert answers[("no_trust", "present")] == 1
    assert answers[("cynicism", "present")] == 1
    assert answers[("favoritism", "present")] == 0


def test_save_and_resume_on_another_device(new_page, live_server, survey_link) -> None:
    link = survey_link(with_teams=False)
    page = new_page()
    page.goto(link)
    page.get_by_role("link", name="Start the survey").click()
    answer_practices(page, PRACTICES[:3], importance=9)
    page.get_by_text("Favoritism").click()
    assert progress(page) == "6 of 18 questions answered"
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()
    # The first save gave this browser a private link: the page's own address, to bookmark.
    expect(page.get_by_text("This is now your own private link")).to_be_visible()
    private = page.locator("#private-link-url").input_value()
    assert private != link
    assert page.url == private

    copy = new_page()  # whoever else kept a copy of the link sees nothing of the draft
    new_page.allow_console_error("status of 410")  # the used link's page is a deliberate 410
    copy.goto(link)
    expect(copy.get_by_role("heading")).to_have_text("This link has been used")
    expect(copy.locator("form")).to_have_count(0)

    later = new_page()  # a new context: no cookies, like another phone
    later.goto(private)
    later.get_by_role("link", name="Continue where you left off").click()
    expect(later.locator("#recognized_rewarded__importance-8")).to_be_checked()
    expect(later.locator("#org_chart_mapping__execution-2")).to_be_checked()
    expect(later.locator("#favoritism__present")).to_be_checked()
    assert progress(later) == "6 of 18 questions answered"  # right after a reload too

    answer_practices(later, PRACTICES[3:])
    later.get_by_role("button", name="Submit my answers").click()
    expect(later).to_have_url(re.compile(r"/survey/thanks$"))
    [answers] = stored_answers(live_server, link)
    assert answers[("recognized_rewarded", "importance")] == 9
    assert answers[("favoritism", "present")] == 1


def test_validation_errors_inline_and_in_a_summary(page: Page, survey_link) -> None:
    page.goto(survey_link())
    page.get_by_role("link", name="Start the survey").click()
    page.get_by_text("Sales", exact=True).click()
    answer_practices(page, [p for p in PRACTICES if p != "split_credits"], importance=5)
    pick(page, "split_credits__importance", 2)  # its execution stays unanswered
    page.get_by_text("Glory stealing").click()
    page.get_by_role("button", name="Submit my answers").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("1 question still needs an answer")
    question = page.locator("#q-split_credits__execution")
    expect(question.locator(".question-error")).to_have_text(
        re.compile("Please choose one of the answers.")
    )
    # Everything already given is kept.
    expect(page.locator("#split_credits__importance-2")).to_be_checked()
    expect(page.locator("#clear_owner__importance-4")).to_be_checked()
    expect(page.locator("#glory_stealing__present")).to_be_checked()
    expect(page.locator("#team-0")).to_be_checked()
    assert progress(page) == "18 of 19 questions answered"

    summary.get_by_role("link").click()  # the summary link takes you to the question
    expect(page.locator("#split_credits__execution-0")).to_be_focused()
    expect(question).to_be_in_viewport()
    page.keyboard.press("Space")
    assert progress(page) == "19 of 19 questions answered"
    page.get_by_role("button", name="Submit my answers").click()
    expect(page).to_have_url(re.compile(r"/survey/thanks$"))


def test_the_link_refuses_a_second_submission(new_page, live_server, survey_link) -> None:
    link = survey_link(team="Sales")
    page = new_page()
    page.goto(link)
    page.get_by_role("link", name="Start the survey").click()
    answer_practices(page, PRACTICES)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page).to_have_url(re.compile(r"/survey/thanks$"))

    page.goto(link)  # the same browser
    expect(page.get_by_role("heading")).to_have_text("We have already received your answers")
    new_page.allow_console_error("status of 410")  # the used link's page is a deliberate 410
    other = new_page()  # another device, or a copy of the link: nothing tells it answered
    other.goto(link)
    expect(other.get_by_role("heading")).to_have_text("This link has been used")
    assert len(stored_answers(live_server, link)) == 1
