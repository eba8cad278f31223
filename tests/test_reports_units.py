"""Report pieces that need no browser: the PDF URL fetcher, file names, number formats."""

from __future__ import annotations

import pytest

from survey_app.reports import formatting
from survey_app.reports.document import slim_svg, svg_data_url
from survey_app.reports.pdf import STATIC_DIR, FetchRefused, url_fetcher


@pytest.fixture
def fetcher():
    return url_fetcher()


def test_fetcher_serves_the_report_stylesheet_from_disk(fetcher):
    response = fetcher.fetch("https://report.invalid/static/css/report.css")
    body = response.read()
    assert body == (STATIC_DIR / "css" / "report.css").read_bytes()
    assert response.content_type == "text/css"


def test_fetcher_serves_data_urls(fetcher):
    assert fetcher.fetch("data:text/plain;base64,aGVsbG8=").read() == b"hello"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        f"file://{STATIC_DIR}/css/report.css",  # even the static folder, but not by file:
        "http://127.0.0.1:9/x.png",
        "https://example.com/x.png",
        "http://report.invalid/static/css/report.css",  # same path, other scheme
        "https://evil.invalid/static/css/report.css",  # same path, other host
        "https://report.invalid/etc/passwd",
        "https://report.invalid/static/../../etc/passwd",
        "https://report.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "https://report.invalid/static/..%2f..%2fetc/passwd",
        "https://report.invalid/static//etc/passwd",
        "https://report.invalid/static/css/missing.css",
        "https://report.invalid/static/css",  # a folder
        "ftp://example.com/x",
        "javascript:alert(1)",
    ],
)
def test_fetcher_refuses_everything_else(fetcher, url):
    with pytest.raises((FetchRefused, ValueError)):
        fetcher.fetch(url)


def test_fetcher_refuses_a_symlink_out_of_static(tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    (static / "passwd").symlink_to("/etc/passwd")
    with pytest.raises(FetchRefused):
        url_fetcher(static_dir=static).fetch("https://report.invalid/static/passwd")


def test_numbers_look_like_the_dashboard():
    assert formatting.one(50.46) == "50"
    assert formatting.pct(29.4) == "29%"
    assert formatting.signed(52.6) == "+53"
    assert formatting.signed(-3.2) == "\u22123"
    assert formatting.one(None) == formatting.pct(None) == "—"


def test_slim_svg_drops_only_empty_groups():
    svg = '<svg><g class="a"/><g><g class="b"></g></g><g><text>1</text></g></svg>'
    assert slim_svg(svg) == "<svg><g><text>1</text></g></svg>"
    assert svg_data_url("<svg/>").startswith("data:image/svg+xml;base64,")


def test_missing_chromium_says_how_to_install_it(monkeypatch):
    from survey_app.reports import ReportError
    from survey_app.reports.renderer import find_browser

    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(ReportError, match="apt-get install chromium"):
        find_browser()
    monkeypatch.delenv("BROWSER_PATH")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ReportError, match="apt-get install chromium"):
        find_browser()


def test_a_pdf_that_takes_too_long_is_stopped(monkeypatch):
    import time

    from survey_app.reports import ReportError, pdf

    monkeypatch.setattr(pdf, "_warm", True)
    monkeypatch.setattr(pdf, "_write_pdf", lambda html: time.sleep(30))
    started = time.monotonic()
    with pytest.raises(ReportError, match="longer than 0.5 s"):
        pdf.html_to_pdf("<p>x</p>", timeout=0.5)
    assert time.monotonic() - started < 10
