"""Every PDF is set in the fonts shipped with the package (Inter, Droid Sans Fallback for CJK),
embedded, with no glyph missing, whatever fonts the machine has; the charts are measured in Inter.

A report that asked for a system font (say "Liberation Sans" again) would get whatever the
machine offers instead, DejaVu Sans on Debian, and fail here.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import plotly.graph_objects as go
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, NameObject
from sqlalchemy import func, select

from survey_app.charts.theme import FONT
from survey_app.demo import DEMO_USERS
from survey_app.extensions import db
from survey_app.models import (
    Campaign,
    CampaignStatus,
    Company,
    CompanyKind,
    ProspectAssessment,
    Role,
    User,
)
from survey_app.reports.pdf import STATIC_DIR
from survey_app.reports.renderer import FONTCONFIG_FILE, Chart, get_renderer

from . import factories

pytestmark = [pytest.mark.slow, pytest.mark.engine_independent]

FONTS = STATIC_DIR / "fonts"
# WeasyPrint names an embedded font "ABCDEF+" (subset tag) + its Pango description, spaces as
# hyphens: "Inter", "Inter-Bold", "Inter-Bold-Italic", "Droid-Sans-Fallback".
SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
SHIPPED = re.compile(r"^(Inter|Droid-?Sans-?Fallback|Report-?Emoji)(-(Bold|Italic|Semi-?Bold))*$")
CJK_TEAM = "北京销售部"
OTHER_TEAM = "東京チーム"
TITLE = "Пульс Ж · Ω 2026"


# -- reading fonts out of a PDF ----------------------------------------------------------------
def _fonts(reader: PdfReader) -> list[DictionaryObject]:
    """Every font dictionary the PDF uses: in the pages' resources, in form XObjects (the SVG
    charts) and patterns at any depth, and the descendant fonts of Type0 fonts."""
    found: dict[int, DictionaryObject] = {}
    seen: set[int] = set()

    def entries(resources: DictionaryObject, kind: str) -> list:
        return list((resources.get(kind) or DictionaryObject()).get_object().values())

    def walk(resources: object) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for ref in entries(resources, "/Font"):
            font = ref.get_object()
            found[id(font) if not hasattr(ref, "idnum") else ref.idnum] = font
            for descendant in font.get("/DescendantFonts", []):
                key = getattr(descendant, "idnum", None) or id(descendant)
                found[key] = descendant.get_object()
        for ref in entries(resources, "/XObject") + entries(resources, "/Pattern"):
            key = getattr(ref, "idnum", None) or id(ref)
            if key in seen:
                continue
            seen.add(key)
            item = ref.get_object()
            if "/Resources" in item:
                walk(item["/Resources"])

    for page in reader.pages:
        walk(page.get("/Resources"))
    return list(found.values())


def _name(base_font: str) -> str:
    return SUBSET_TAG.sub("", base_font.lstrip("/"))


def _embedded(font: DictionaryObject) -> bool:
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _missing_glyphs(font: DictionaryObject) -> list[str]:
    """CIDs drawn as .notdef. WeasyPrint gives a font whose text has glyphs it lacks a CMap that
    sends them to glyph 0; a font without any keeps the plain Identity-H encoding."""
    encoding = font.get("/Encoding")
    if encoding is None or isinstance(encoding, NameObject):
        return []
    data = encoding.get_object().get_data().decode("latin-1")
    return re.findall(r"<([0-9a-fA-F]{4})>\s+0\b", data)


def _characters(font: DictionaryObject) -> str:
    """The text a font draws, read from its ToUnicode map."""
    if "/ToUnicode" not in font:
        return ""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    chars = []
    hex_ = r"<([0-9a-fA-F]+)>\s*"
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for _, target in re.findall(hex_ * 2, block):
            chars.append(bytes.fromhex(target).decode("utf-16-be"))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, start in re.findall(hex_ * 3, block):
            first = ord(bytes.fromhex(start).decode("utf-16-be")[0])
            chars.extend(chr(first + n) for n in range(int(hi, 16) - int(lo, 16) + 1))
    return "".join(chars)


def _assert_only_shipped_fonts(reader: PdfReader) -> list[DictionaryObject]:
    """Every font is one of ours, embedded, and has every glyph its text needs."""
    fonts = _fonts(reader)
    assert fonts, "the PDF uses no font at all"
    for font in fonts:
        name = _name(str(font["/BaseFont"]))
        assert SHIPPED.match(name), f"{name} is not a font shipped in {FONTS}"
        if font["/Subtype"] == "/Type0":  # the glyphs are in its descendant, checked too
            assert font["/DescendantFonts"], name
            assert _missing_glyphs(font) == [], f"{name} draws glyphs it does not have"
        else:
            assert _embedded(font), f"{name} is not embedded"
    return fonts


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


# -- the app and its documents -----------------------------------------------------------------
def _cli(app, tmp_path_factory, *args: str) -> PdfReader:
    out = tmp_path_factory.mktemp("out") / "report.pdf"
    result = app.test_cli_runner().invoke(args=[*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return PdfReader(out)


def _closed_demo_campaign() -> Campaign:
    return db.session.scalar(
        select(Campaign)
        .where(Campaign.status == CampaignStatus.CLOSED)
        .order_by(Campaign.closes_on.desc())
    )


def _one_pager(app) -> PdfReader:
    """The deal-review one-pager of a demo prospect with assessments, through its route."""
    _, email, _, password = next(u for u in DEMO_USERS if u[0] is Role.REP)
    rep = db.session.scalar(select(User).where(User.email == email))
    prospect = db.session.scalar(
        select(Company)
        .join(ProspectAssessment, ProspectAssessment.company_id == Company.id)
        .where(Company.kind == CompanyKind.PROSPECT, Company.owner_id == rep.id)
        .group_by(Company.id)
        .having(func.count(ProspectAssessment.id) > 0)
        .order_by(Company.id)
    )
    client = app.test_client()
    response = client.post("/auth/login", data={"email": email, "password": password})
    assert response.status_code == 302
    response = client.get(f"/prospects/{prospect.id}/one-pager.pdf")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    return PdfReader(io.BytesIO(response.data))


# -- the tests -----------------------------------------------------------------------------------
@pytest.mark.parametrize("document", ["campaign report", "company report", "one-pager"])
def test_every_font_is_a_shipped_one_and_embedded(demo_app, tmp_path_factory, document):
    if document == "campaign report":
        reader = _cli(demo_app, tmp_path_factory, "report", str(_closed_demo_campaign().id))
    elif document == "company report":
        company = db.session.scalar(select(Company).where(Company.name == "Northwind Traders"))
        reader = _cli(demo_app, tmp_path_factory, "company-report", str(company.id))
    else:
        reader = _one_pager(demo_app)
    fonts = _assert_only_shipped_fonts(reader)
    names = {_name(str(font["/BaseFont"])) for font in fonts}
    assert {"Inter", "Inter-Bold"} <= names  # body text; headings
    # The running footer (an @page margin box, which does not inherit the body's font) is
    # drawn, so its font is among those checked: Inter, not the serif default.
    footer = "Teamwork Scorecard ·" if document == "one-pager" else "Page 2 of"
    assert footer in _text(reader)


def test_cjk_cyrillic_and_greek_names_print_in_the_shipped_fonts(demo_app, tmp_path_factory):
    org = factories.make_org("Шрифты Ω Org")
    company = factories.make_company(org, name="東京 Holdings", teams=(CJK_TEAM, OTHER_TEAM))
    campaign = factories.make_campaign(company, title=TITLE)
    beijing, tokyo = company.teams
    factories.make_responses(campaign, beijing, 6, importance=9, execution=2)
    factories.make_responses(campaign, tokyo, 5, importance=7, execution=4)

    reader = _cli(demo_app, tmp_path_factory, "report", str(campaign.id))
    text = _text(reader)
    for words in (CJK_TEAM, OTHER_TEAM, TITLE, "東京 Holdings"):
        assert words in text
    fonts = _assert_only_shipped_fonts(reader)
    drawn = [(_name(str(font["/BaseFont"])), _characters(font)) for font in fonts]
    fallback = "".join(chars for name, chars in drawn if name.startswith("Droid"))
    inter = "".join(chars for name, chars in drawn if name.startswith("Inter"))
    assert set(CJK_TEAM + OTHER_TEAM + "東京") <= set(fallback)  # Inter has no CJK
    assert set("ЖΩПульс") <= set(inter)  # Inter covers Cyrillic and Greek itself
    assert not set("ЖΩ") & set(fallback)


def test_charts_are_measured_in_inter():
    """Chromium lays out the chart text in Inter (FONTCONFIG_FILE): a legend entry's width is
    Inter's advance width of its name, not that of the machine's default sans-serif."""
    short, long = "Mm", "Mm Wwwwwwwwwww Mmmmmmmm mmmm"  # no kerning pairs
    figure = go.Figure([go.Bar(x=[1], y=[1], name=n) for n in (short, long, "x")])
    figure.update_layout(font={"family": FONT, "size": 12}, legend={"orientation": "h"})
    svg = get_renderer().render({"legend": Chart(figure, 900, 300)}, use_cache=False)["legend"]
    x = [float(v) for v in re.findall(r'class="traces" transform="translate\(([\d.]+),', svg)]
    measured = (x[2] - x[1]) - (x[1] - x[0])  # the constant padding cancels out

    def advance(path: Path, text: str) -> float:
        font = TTFont(path)
        cmap, metrics = font.getBestCmap(), font["hmtx"]
        return sum(metrics[cmap[ord(c)]][0] for c in text) * 12 / font["head"].unitsPerEm

    inter = FONTS / "inter" / "Inter-Regular.otf"
    assert measured == pytest.approx(advance(inter, long) - advance(inter, short), abs=0.5)
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if dejavu.exists():  # the fallback Chromium would use without the shipped fonts
        assert abs(advance(dejavu, long) - advance(dejavu, short) - measured) > 3
    assert FONTCONFIG_FILE.is_file()
