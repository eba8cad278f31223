"""Browser fixtures: the real app on a live port, and headless Debian Chromium via Playwright.

``live_server`` runs ``create_app`` on a temporary SQLite file in a background thread, with
CSRF *enabled* (as in production) and rate limiting off. ``live_server.seed(fn)`` runs ``fn``
inside the app context, for making data with ``tests.factories``. ``page`` is a fresh phone-sized
(390x844) page in its own browser context that fails the test on any console error;
``new_page`` makes more (another device, another viewport).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright
from werkzeug.serving import BaseWSGIServer

from survey_app import create_app
from survey_app.extensions import db
from tests import factories
from tests.threaded_server import threaded_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}

T = TypeVar("T")


@dataclass
class LiveServer:
    app: Flask
    url: str

    def seed(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` in the live app's context (e.g. factories) and return its result.

        Return plain values (ids, tokens), not ORM objects: the session ends with the context.
        """
        with self.app.app_context():
            try:
                return fn()
            finally:
                db.session.remove()

    def __call__(self, path: str) -> str:
        """The absolute URL of ``path`` on the live server."""
        return self.url + path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp: Path = tmp_path_factory.mktemp("live")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "live-server-test-key-0123456789",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'live.sqlite3'}",
            "WTF_CSRF_ENABLED": True,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
        db.session.remove()
    port = _free_port()
    server: BaseWSGIServer = threaded_server(app, port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{port}")
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageFactory:
    browser: Browser
    contexts: list[BrowserContext] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    allowed: list[str] = field(default_factory=list)

    def allow_console_error(self, substring: str) -> None:
        """Expect a console error containing ``substring`` (e.g. a page deliberately 404)."""
        self.allowed.append(substring)

    def __call__(self, viewport: dict[str, int] | None = None, **options: Any) -> Page:
        """A page in a fresh context: its own cookies, as on another device."""
        context = self.browser.new_context(viewport=viewport or PHONE, **options)
        context.set_default_timeout(10000)
        context.set_default_navigation_timeout(15000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))
        return page

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        text = f"console: {message.text} ({message.location.get('url', '')})"
        if not any(allowed in text for allowed in self.allowed):
            self.console_errors.append(text)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[PageFactory]:
    """Make pages (each in its own context); the test fails on any console or page error."""
    factory = PageFactory(browser)
    yield factory
    factory.close()
    assert not factory.console_errors, "\n".join(factory.console_errors)


@pytest.fixture
def page(new_page: PageFactory) -> Page:
    """A phone-sized (390x844) page."""
    return new_page()


@pytest.fixture
def survey_link(live_server: LiveServer) -> Callable[..., str]:
    """Seed an open campaign (teams Sales and Support) with one invitation; return its link.

    Keyword arguments go to ``factories.make_campaign`` (e.g. ``k=3``, ``with_teams=False``);
    ``team="Sales"`` fixes the invitation's team.
    """

    def make(team: str | None = None, **campaign_options: Any) -> str:
        def seed() -> str:
            org = factories.make_org()
            company = factories.make_company(org, name="Acme Sales")
            campaign = factories.make_campaign(
                company, title="Teamwork survey, spring wave", **campaign_options
            )
            fixed = next((t for t in company.teams if t.name == team), None)
            return factories.make_invitation(campaign, email="pat@example.com", team=fixed).token

        return live_server(f"/s/{live_server.seed(seed)}")

    return make
