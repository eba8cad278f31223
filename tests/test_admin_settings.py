"""Organisation settings (/admin/settings): the form, who may use it, and what it changes.

A change applies to new campaigns: the bands are stored on each campaign when it is created
and when it opens, and every reader (dashboard, export, PDF) reads them from the campaign.
"""

from __future__ import annotations

import io
import secrets
import subprocess

import pytest
from openpyxl import load_workbook
from PIL import Image, PngImagePlugin
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.instruments import ENEMIES, latest_versions
from survey_app.models import Campaign, CampaignStatus, OrgSettings
from survey_app.models.settings import thresholds_json
from survey_app.results.campaign import campaign_results
from survey_app.scoring import RiskLevel

from . import factories

DEFAULTS = {
    "name": "Acme Sales",
    "min_group_size": "5",
    "own_at_risk": "20",
    "own_toxic": "40",
    "prospect_at_risk": "20",
    "prospect_toxic": "40",
    "widespread": "50",
    "dominant": "75",
    "widespread_count": "3",
    "comment_threshold": "8",
    "paper": "a4",
    "accent": "",
}


def _save(client, **changes):
    return client.post("/admin/settings", data={**DEFAULTS, **changes})


def png_bytes(size=(321, 123), colour=(200, 30, 30), text: str | None = None) -> bytes:
    image = Image.new("RGB", size, colour)
    info = PngImagePlugin.PngInfo()
    if text:
        info.add_text("Comment", text)
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def _upload(client, data: bytes, filename: str, **changes):
    form = {**DEFAULTS, **changes, "logo": (io.BytesIO(data), filename)}
    return client.post("/admin/settings", data=form, content_type="multipart/form-data")


def _tick(campaign: Campaign, count: int, per_person: int) -> None:
    """``count`` responses, each ticking ``per_person`` enemies, a different set each (so no
    enemy is widespread): the Culture Risk is per_person / 20 * 100."""
    from survey_app.surveys.submission import submit_response

    keys = [i.key for i in latest_versions()[ENEMIES].items_of_type("enemy")]
    for n in range(count):
        answers = factories.complete_answers(campaign)
        ticked = {keys[(n * per_person + j) % len(keys)] for j in range(per_person)}
        for slot in latest_versions()[ENEMIES].slots():
            if slot.item_key in ticked:
                answers[slot.name] = 1
        invitation = factories.make_invitation(campaign, team=campaign.company.teams[0])
        submit_response(invitation.id, answers, None, secrets.token_hex(8))


def test_only_admins_open_the_settings(admin_client, leader_client, rep_client, org):
    assert admin_client.get("/admin/settings").status_code == 200
    for client in (leader_client, rep_client):
        assert client.get("/admin/settings").status_code in (403, 404)
        assert _save(client, name="Taken over").status_code in (403, 404)
        assert _upload(client, png_bytes(), "logo.png").status_code in (403, 404)
    db.session.refresh(org)
    assert org.name != "Taken over"
    assert db.session.get(OrgSettings, org.id) is None


def test_a_valid_form_is_stored(admin_client, org):
    response = _save(
        admin_client, name="Northwind", min_group_size="7", own_at_risk="25", own_toxic="55",
        prospect_at_risk="15", prospect_toxic="35", widespread="40", dominant="80",
        widespread_count="4", paper="letter", accent="#1F4E79",
    )  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    row = db.session.get(OrgSettings, org.id)
    assert (org.name, org.min_group_size, row.paper, row.accent) == (
        "Northwind", 7, "letter", "#1f4e79"
    )  # fmt: skip
    assert row.thresholds().at_risk == 25
    assert row.thresholds(prospect=True).toxic == 35
    page = admin_client.get("/admin/settings").get_data(as_text=True)
    assert 'value="55"' in page
    assert "--accent: #1f4e79" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"min_group_size": "2"}, "min_group_size", "from 3 to 10"),
        ({"min_group_size": "11"}, "min_group_size", "from 3 to 10"),
        ({"own_at_risk": "40", "own_toxic": "30"}, "own_toxic", "must start above At risk (40)"),
        ({"prospect_toxic": "20"}, "prospect_toxic", "must start above Pursue with caution"),
        ({"widespread": "80", "dominant": "75"}, "dominant", "must start above Widespread"),
        ({"widespread_count": "1"}, "widespread_count", "from 2 to 20"),
        (
            {"min_group_size": "9", "comment_threshold": "8"},
            "comment_threshold",
            "enter 9 (the minimum group size) or more",
        ),
        ({"own_toxic": "101"}, "own_toxic", "from 2 to 100"),
        ({"accent": "#ffcc00"}, "accent", "contrast of 1.4:1"),
        ({"accent": "navy"}, "accent", "six hexadecimal digits"),
        ({"paper": "a3"}, "paper", "Not a valid choice"),
    ],
)
def test_an_invalid_form_says_why_and_keeps_what_was_typed(
    admin_client, org, changes, field, message
):
    typed = {"name": "Kept Name Ltd", "own_at_risk": "23", **changes}
    response = _save(admin_client, **typed)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    assert f'id="{field}-error"' in page
    assert 'value="Kept Name Ltd"' in page
    assert f'value="{typed["own_at_risk"]}"' in page
    assert db.session.get(OrgSettings, org.id) is None  # nothing stored


def test_a_low_contrast_accent_is_refused_with_one_that_passes():
    from survey_app.branding import BrandingError, clean_accent, text_contrast

    with pytest.raises(BrandingError) as refused:
        clean_accent("#66a3ff")
    suggestion = str(refused.value).rsplit(" ", 1)[-1].rstrip(".")
    assert text_contrast(suggestion) >= 4.5
    assert clean_accent(suggestion) == suggestion
    assert text_contrast("#0a3a75") >= 4.5  # the standard navy passes, 88% white links too


def test_a_new_campaign_takes_the_new_k_and_bands_a_closed_one_keeps_its_own(
    admin_client, leader_client, org
):
    company = factories.make_company(org, "Northwind")
    old = factories.make_campaign(company, "Old wave", k=5)
    _tick(old, 5, 4)  # Culture Risk 20
    old.status = CampaignStatus.CLOSED
    db.session.commit()
    assert campaign_results(old).risk_band.level is RiskLevel.AT_RISK

    assert (
        _save(admin_client, min_group_size="6", own_at_risk="30", own_toxic="60").status_code == 302
    )
    form = leader_client.get("/campaigns/new").get_data(as_text=True)
    assert 'name="min_group_size"' in form
    assert 'value="6"' in form
    created = leader_client.post(
        "/campaigns/new",
        data={
            "company_id": str(company.id), "title": "New wave", "min_group_size": "6",
            "instruments": list(latest_versions()), "teams": [str(company.teams[0].id)],
        },
    )  # fmt: skip
    assert created.status_code == 302, created.get_data(as_text=True)[:2000]
    new = db.session.scalar(select(Campaign).where(Campaign.title == "New wave"))
    assert new.min_group_size == 6
    assert new.band_thresholds["at_risk"] == 30
    assert new.band_thresholds["toxic"] == 60
    assert leader_client.post(f"/campaigns/{new.id}/open").status_code == 302
    _tick(new, 6, 4)  # the same Culture Risk of 20
    assert campaign_results(new).risk_band.level is RiskLevel.HEALTHY

    db.session.expire_all()
    old = db.session.get(Campaign, old.id)
    assert old.band_thresholds == thresholds_json()  # the defaults it ran with
    results = campaign_results(old)
    assert results.risk_band.level is RiskLevel.AT_RISK
    assert results.k == 5
    xlsx = leader_client.get(f"/campaigns/{old.id}/export.xlsx")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.get_data()))
    cells = {
        str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row
    }
    assert "At risk" in cells


def test_a_png_logo_is_re_encoded_without_its_chunks(admin_client, org):
    hostile = png_bytes(text="<script>alert(1)</script>")
    assert b"<script>" in hostile
    assert _upload(admin_client, hostile, "logo.png").status_code == 302
    stored = db.session.get(OrgSettings, org.id).logo_png
    assert stored.startswith(b"\x89PNG")
    assert b"script" not in stored
    assert _chunks(stored) <= {b"IHDR", b"IDAT", b"IEND", b"PLTE", b"tRNS"}
    served = admin_client.get("/branding/logo.png")
    assert served.status_code == 200
    assert served.mimetype == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served.headers["Content-Security-Policy"]
    assert served.get_data() == stored
    assert "/branding/logo.png?v=1" in admin_client.get("/admin/settings").get_data(as_text=True)


def _chunks(png: bytes) -> set[bytes]:
    found, at = set(), 8
    while at < len(png):
        length = int.from_bytes(png[at : at + 4], "big")
        found.add(png[at + 4 : at + 8])
        at += 12 + length
    return found


SVG_NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        (f"<svg {SVG_NS}><script>alert(1)</script><rect width='9' height='9'/></svg>", "<script>"),
        (f"<svg {SVG_NS} onload='alert(1)'><rect width='9' height='9'/></svg>", "onload"),
        (f"<svg {SVG_NS}><image xlink:href='http://example.com/x.png'/></svg>", "links to"),
        (f"<svg {SVG_NS}><image href='file:///etc/passwd'/></svg>", "links to"),
        (f"<svg {SVG_NS}><rect style=\"fill: url('http://x/y')\"/></svg>", "url()"),
        (f"<svg {SVG_NS}><style>@import 'http://x/y.css';</style></svg>", "style sheet"),
        (f'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "b">]><svg {SVG_NS}>&a;</svg>', "DTD"),
        (f"<svg {SVG_NS}><foreignObject><p>x</p></foreignObject></svg>", "foreignobject"),
    ],
)
def test_an_svg_with_script_or_external_reference_is_refused(admin_client, org, svg, message):
    response = _upload(admin_client, svg.encode(), "logo.svg", name="Kept Name Ltd")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page.replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'")
    assert 'value="Kept Name Ltd"' in page
    assert db.session.get(OrgSettings, org.id) is None


def test_a_clean_svg_is_stored_as_a_png_and_nothing_else(admin_client, org):
    svg = f"<svg {SVG_NS} width='200' height='50'><rect width='200' height='50' fill='#c00'/></svg>"
    assert _upload(admin_client, svg.encode(), "logo.svg").status_code == 302
    row = db.session.get(OrgSettings, org.id)
    assert row.logo_png.startswith(b"\x89PNG")
    assert b"svg" not in row.logo_png.lower()
    assert (row.logo_width, row.logo_height) == (800, 200)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a" + b"\0" * 50, "must be a PNG or an SVG"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "could not be read"),
    ],
)
def test_other_files_are_refused(admin_client, org, data, message):
    response = _upload(admin_client, data, "logo.png")
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.get(OrgSettings, org.id) is None


def test_a_file_over_512_kb_is_refused():
    from survey_app.branding import BrandingError, clean_logo

    with pytest.raises(BrandingError, match="may be 512 KB"):
        clean_logo(png_bytes() + b"\0" * (512 * 1024))


def test_too_many_pixels_are_refused_before_decoding(admin_client, org):
    huge = png_bytes(size=(5000, 4000))
    response = _upload(admin_client, huge, "logo.png")
    assert "pixels" in response.get_data(as_text=True)
    assert db.session.get(OrgSettings, org.id) is None


def test_the_logo_is_only_for_its_own_organisation(app, admin_client, other_org):
    from .conftest import login

    assert _upload(admin_client, png_bytes(), "logo.png").status_code == 302
    stranger = login(app.test_client(), factories.make_user(other_org, factories.Role.LEADER))
    assert stranger.get("/branding/logo.png").status_code == 404
    assert app.test_client().get("/branding/logo.png").status_code in (302, 401)


def test_the_accent_and_logo_are_on_the_pages(admin_client, leader_client):
    assert _upload(admin_client, png_bytes(), "logo.png", accent="#7a1f5c").status_code == 302
    page = leader_client.get("/campaigns/").get_data(as_text=True)
    assert "--accent: #7a1f5c" in page
    assert "--accent-rgb: 122, 31, 92" in page
    assert 'class="brand-logo" src="/branding/logo.png?v=1"' in page


@pytest.mark.slow
def test_the_report_has_the_logo_name_paper_and_the_bands_it_ran_with(
    admin_client, leader_client, org, tmp_path
):
    company = factories.make_company(org, "Northwind")
    old = factories.make_campaign(company, "Old wave", k=5)
    _tick(old, 5, 4)  # Culture Risk 20: At risk with the bands it ran with
    old.status = CampaignStatus.CLOSED
    db.session.commit()
    saved = _upload(
        admin_client, png_bytes(), "logo.png", name="Fabrikam Group", paper="letter",
        own_at_risk="30", own_toxic="60", accent="#7a1f5c",
    )  # fmt: skip
    assert saved.status_code == 302

    pdf = leader_client.get(f"/campaigns/{old.id}/report.pdf")
    assert pdf.status_code == 200
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.get_data())
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    (tmp_path / "report.txt").write_text(text)
    assert "Fabrikam Group" in text
    assert "At risk" in text
    assert "The band is At risk: the Culture Risk of 20 is 20 or more, below 40." in text
    assert "below 30" not in text
    images = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, check=True, text=True
    ).stdout
    sizes = {tuple(line.split()[3:5]) for line in images.splitlines()[2:]}
    assert ("321", "123") in sizes  # the logo, at its stored size
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    assert "612 x 792 pts (letter)" in info.stdout
    # The cover band is drawn in the accent colour.
    subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", "20", "-png", str(path), str(tmp_path / "p")],
        check=True,
    )
    cover = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    assert cover.getpixel((5, 40)) == (0x7A, 0x1F, 0x5C)
