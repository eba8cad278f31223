"""A leader downloads the campaign's PDF report from the dashboard, in a real browser."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.browser.test_dashboard import _demo, _login

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_download_pdf_from_dashboard(new_page, live_server) -> None:
    ids = _demo(live_server)
    page = new_page(viewport={"width": 1280, "height": 900})
    _login(page, live_server)
    page.goto(live_server(f"/campaigns/{ids['closed']}/dashboard"))
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("link", name="PDF report").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    body = Path(download.path()).read_bytes()
    assert body.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    assert "Teamwork Index" in text
    assert "Spring 2026 teamwork pulse" in text
