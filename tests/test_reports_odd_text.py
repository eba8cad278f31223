"""Odd text in every PDF: names as long as a form takes and unbroken, Chinese, emoji.

* Every character of each name is printed (pdftotext finds it whole), and no word lies outside
  its page: long unbreakable strings wrap (``overflow-wrap: anywhere``) instead of running off
  the cover, the tables and the running header.
* Chinese and emoji are drawn in the shipped fonts, with no glyph missing (no .notdef box).
"""

from __future__ import annotations

import io
import re
import subprocess
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from survey_app.models import CampaignStatus, Organization, Role
from survey_app.reports.campaign import campaign_report
from survey_app.reports.company import company_report
from survey_app.reports.document import render_pdf

from . import factories
from .conftest import login
from .test_reports_fonts import _assert_only_shipped_fonts, _characters, _name

pytestmark = [pytest.mark.slow, pytest.mark.engine_independent]

# As long as the forms take, and with no place to break a line.
COMPANY = ("Ж" + "Wolfeschlegelsteinhausenbergerdorff" * 6)[:200]  # the column holds 200
TITLE = "Q" + "0123456789" * 19 + "WAVE-END!"
TEAM = "北京销售部" + "Z" * 115
LINK = "https://crm.example.com/deal/" + "a1b2c3d4" * 34  # a pasted address, 301 characters
EMOJI = "😀👍🚀"
PROSPECT = "北京销售部" + EMOJI


def _decoded(output: bytes) -> str:
    """pdftotext's UTF-8, where it writes an emoji as two UTF-16 surrogates (CESU-8)."""
    text = output.decode("utf-8", "surrogatepass")
    return text.encode("utf-16", "surrogatepass").decode("utf-16")


def _words(pdf: bytes) -> list[tuple[int, float, float, float, float, str]]:
    """(page, xMin, yMin, xMax, yMax, word) of every word pdftotext finds, and page sizes."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True
    ).stdout
    html = _decoded(html)
    words = []
    for page, body in enumerate(re.findall(r"<page (.*?)</page>", html, re.S)):
        for box, word in re.findall(r"<word ([^>]*)>(.*?)</word>", body):
            v = dict(re.findall(r'(\w+)="(-?[\d.]+)"', box))
            words.append(
                (page, float(v["xMin"]), float(v["yMin"]), float(v["xMax"]), float(v["yMax"]),
                 unescape(word))
            )  # fmt: skip
    return words


def _outside(pdf: bytes) -> list[str]:
    """Words drawn (even in part) beyond the edges of their page."""
    reader = PdfReader(io.BytesIO(pdf))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    return [
        f"p.{page + 1}: {word[:40]}… at x {x1:.0f}-{x2:.0f}, y {y1:.0f}-{y2:.0f}"
        for page, x1, y1, x2, y2, word in _words(pdf)
        if x1 < -0.5 or y1 < -0.5 or x2 > sizes[page][0] + 0.5 or y2 > sizes[page][1] + 0.5
    ]


def _flat(pdf: bytes) -> str:
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True
    ).stdout
    text = _decoded(text)
    return "".join(text.split())


def _check(pdf: bytes, *names: str) -> PdfReader:
    flat = _flat(pdf)
    missing = [name[:30] for name in names if "".join(name.split()) not in flat]
    assert missing == [], f"not printed whole: {missing}"
    assert _outside(pdf) == []
    reader = PdfReader(io.BytesIO(pdf))
    _assert_only_shipped_fonts(reader)  # every font shipped and embedded, no .notdef glyph
    return reader


@pytest.fixture
def odd(org: Organization) -> dict[str, int]:
    company = factories.make_company(org, COMPANY, teams=(TEAM, "Ops"))
    company.industry = "Банкинг 銀行"
    for title in ("Spring", TITLE):  # two waves: the company report draws its trends
        campaign = factories.make_campaign(company, title, k=3)
        for team in company.teams:
            factories.make_responses(campaign, team, 3)
        campaign.status = CampaignStatus.CLOSED
    rep = factories.make_user(org, Role.REP)
    prospect = factories.make_prospect(org, rep, name=PROSPECT, notes=f"Met them {EMOJI}")
    for key in ("no_trust", "blame_fixing", "glory_stealing"):
        factories.make_assessment(
            prospect, rep, (key,), evidence=f"{EMOJI} see {LINK}", summary=f"{LINK} {EMOJI}"
        )
    return {"campaign": campaign.id, "company": company.id, "prospect": prospect.id, "rep": rep.id}


def test_a_campaign_report_prints_long_and_cjk_names_whole(app: Flask, odd: dict[str, int]):
    from survey_app.extensions import db
    from survey_app.models import Campaign

    pdf = render_pdf(campaign_report(db.session.get_one(Campaign, odd["campaign"])))
    _check(pdf, COMPANY, TITLE, TEAM, "Банкинг 銀行")


def test_a_company_report_prints_long_and_cjk_names_whole(app: Flask, odd: dict[str, int]):
    from survey_app.extensions import db
    from survey_app.models import Company

    pdf = render_pdf(company_report(db.session.get_one(Company, odd["company"])))
    _check(pdf, COMPANY, TITLE)


def test_a_one_pager_prints_chinese_emoji_and_long_links(app: Flask, odd: dict[str, int]):
    from survey_app.extensions import db
    from survey_app.models import User

    client: FlaskClient = login(app.test_client(), db.session.get_one(User, odd["rep"]))
    response = client.get(f"/prospects/{odd['prospect']}/one-pager.pdf")
    assert response.status_code == 200, client.get(response.location).get_data(as_text=True)[-3000:]
    reader = _check(response.data, PROSPECT, LINK[:200])  # a note is cut at 220 by design
    assert len(reader.pages) == 1
    drawn = "".join(_characters(f) for f in _assert_only_shipped_fonts(reader))
    assert set(EMOJI + "北京销售部") <= set(drawn)
    emoji_fonts = {
        _name(str(f["/BaseFont"])) for f in _assert_only_shipped_fonts(reader)
        if set(EMOJI) & set(_characters(f))
    }  # fmt: skip
    # Noto Color Emoji, shipped as "Report Emoji" (static/css/fonts.css), bold in bold text.
    assert emoji_fonts
    assert {name.split("-Bold")[0] for name in emoji_fonts} == {"Report-Emoji"}
