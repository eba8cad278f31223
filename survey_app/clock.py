"""Today's date, the one place the app reads it (UTC, as every stored day).

Whether a campaign takes answers, when a reminder is due, when a wave closes or opens: all of it
turns on today's date, and the job consumer must agree with the web workers about it. The tests
move the clock through the config, never by patching: ``CLOCK_TODAY`` (an ISO date) fixes it in
one process, and ``CLOCK_FILE`` (``SURVEY_APP_CLOCK_FILE``: a file holding an ISO date) moves it
for every process that reads the same file, a web server and a real consumer alike. Both are
honoured only under ``TESTING`` or in development, so a stray variable cannot move a production
server's calendar.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from flask import current_app, has_app_context


def _override() -> date | None:
    if not has_app_context():
        return None
    config = current_app.config
    if not (config.get("TESTING") or config.get("ENV_NAME") == "development"):
        return None
    fixed = config.get("CLOCK_TODAY")
    if isinstance(fixed, date):
        return fixed
    if fixed:
        return date.fromisoformat(str(fixed))
    path = config.get("CLOCK_FILE")
    if path:
        try:
            text = Path(str(path)).read_text().strip()
        except FileNotFoundError:
            return None
        return date.fromisoformat(text) if text else None
    return None


def today() -> date:
    """Today (UTC), or the day the tests moved the clock to."""
    return _override() or datetime.now(UTC).date()
