"""In a real browser, a name holding a right-to-left override leaves the sentence around it in
order: Chromium lays the words after the name out to the right of it, not reversed before it.
"""

from __future__ import annotations

import secrets

import pytest

from survey_app.models import Role
from tests import factories

from .conftest import LiveServer, PageFactory
from .demo_data import sign_in

pytestmark = pytest.mark.browser

# The words of the app that follow the name, and the rectangles they are drawn in.
_AFTER_THE_NAME = """(selector) => {
  const name = document.querySelector(selector);
  const range = document.createRange();
  const after = name.nextSibling;  // the text node right after the <bdi>
  range.setStart(after, 0);
  range.setEnd(after, 4);  // " yet": on the name's line
  const words = range.getBoundingClientRect();
  const box = name.getBoundingClientRect();
  return {text: after.textContent, wordsLeft: words.left, nameRight: box.right,
          nameLeft: box.left};
}"""


def test_an_override_in_a_name_does_not_reverse_the_sentence(
    live_server: LiveServer, new_page: PageFactory
) -> None:
    email = f"bidi-{secrets.token_hex(4)}@example.com"
    name = "\u202eAcme " + secrets.token_hex(2)

    def seed() -> int:
        org = factories.make_org("Bidi Org")
        factories.make_user(org, Role.LEADER, email)
        return factories.make_prospect(org, name=name).id

    prospect_id = live_server.seed(seed)
    page = new_page()
    sign_in(page, live_server, email, factories.PASSWORD)
    page.goto(live_server(f"/prospects/{prospect_id}/compare"))
    sentence = page.locator("#nothing-to-compare p")
    assert "yet" in sentence.inner_text()
    found = page.evaluate(_AFTER_THE_NAME, "#nothing-to-compare bdi")
    assert found["text"].startswith(" yet")
    # " yet, and no survey…" is drawn after the name, to its right, as in any other sentence.
    assert found["wordsLeft"] >= found["nameRight"] - 1, found
    # The measure can tell: the same sentence without the isolation puts " yet" before the name.
    bare = page.evaluate(_UNISOLATED, name)
    assert bare["yetLeft"] < bare["nameLeft"], bare


_UNISOLATED = """(name) => {
  const p = document.createElement("p");
  p.textContent = "Nobody has assessed " + name + " yet, and so on";
  document.querySelector("main").prepend(p);
  const text = p.firstChild, at = text.textContent.indexOf(name);
  const measure = (start, end) => {
    const range = document.createRange();
    range.setStart(text, start);
    range.setEnd(text, end);
    return range.getBoundingClientRect().left;
  };
  const end = at + name.length;
  return {nameLeft: measure(at + 1, at + 5), yetLeft: measure(end, end + 4)};
}"""
