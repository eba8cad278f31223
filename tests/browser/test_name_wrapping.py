"""How a name people typed wraps (``bdi`` in app.css): a word never breaks inside a table that
could be wider, and a name with no space in it still wraps rather than push the page sideways.
``overflow-wrap: anywhere`` let a table shrink a column below its longest word, so ordinary
names broke letter by letter on phones ("Enterpri/se")."""

from __future__ import annotations

import pytest

from .conftest import PHONE, LiveServer, PageFactory

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html><head>
<link rel="icon" href="data:,"><link rel="stylesheet" href="{css}"></head><body style="margin:0">
<table id="table"><tr>
  <td><bdi><span id="word">Enterprise</span> accounts</bdi></td>
  <td>{numbers}</td>
</tr></table>
<p id="alone"><span id="natural">Enterprise</span></p>
<div id="long" style="width: 300px"><bdi>{long}</bdi></div>
</body></html>"""


def test_a_word_keeps_whole_and_a_spaceless_name_still_wraps(
    live_server: LiveServer, new_page: PageFactory
) -> None:
    page = new_page(PHONE)
    page.goto(live_server("/auth/login"))  # the app's origin, for its stylesheet
    page.set_content(
        PAGE.format(
            css=live_server("/static/css/app.css"),
            numbers="&nbsp;".join(["1234567"] * 8),  # a cell wider than the phone
            long="N" * 120,
        )
    )
    page.wait_for_load_state("load")
    word = page.locator("#word").bounding_box()
    natural = page.locator("#natural").bounding_box()
    assert word is not None
    assert natural is not None
    assert word["width"] >= natural["width"] - 0.5  # on one line, not cut into two
    assert word["height"] <= natural["height"] + 0.5
    fits = page.evaluate("(() => { const d = document.getElementById('long');"
                         " return d.scrollWidth <= d.clientWidth; })()")  # fmt: skip
    assert fits
