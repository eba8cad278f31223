"""50 respondents at once against real gunicorn workers: nothing lost, nothing doubled, no 5xx.

The short version of ``benchmarks/load_bench.py``: 200 personal links in an open campaign, 50
concurrent respondents doing the real flow over HTTP (link, form, POST with the CSRF token and
nonce from the HTML), 10% double-clicking Submit, and some retrying or coming back through the
link afterwards. Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL points there.
"""

from __future__ import annotations

import os

import pytest

from . import harness

pytestmark = pytest.mark.slow

INVITATIONS = 200
CONCURRENCY = 50


def test_concurrent_respondents_lose_and_double_nothing(tmp_path):
    with harness.fresh_database(tmp_path, os.environ.get("TEST_DATABASE_URL")) as url:
        schema = harness.migrate(url)
        seeded = harness.seed_campaign(url, INVITATIONS)
        # One loopback client is many respondents: the per-address limit on /s/<token> would
        # refuse them, so it is off here (it is tested on its own).
        env = {"SURVEY_APP_RATELIMIT_ENABLED": "false"}
        with harness.gunicorn(url, tmp_path / "gunicorn.log", env=env) as server:
            result = harness.run_load(
                server, seeded.tokens, concurrency=CONCURRENCY, hello_requests=500
            )
        log = server.log()
        counts = harness.stored_counts(url, seeded.campaign_id)

    summary = {**result, **counts, **harness.check_consistency(result, counts), "schema": schema}
    assert result["errors_5xx"] == 0, (summary, log[-3000:])
    assert result["unexpected"] == [], summary
    assert result["ready"] == INVITATIONS, summary
    # Every respondent was thanked exactly once, and exactly their responses are stored.
    assert result["acknowledged"] == INVITATIONS, summary
    assert result["acknowledged_twice"] == 0, summary
    assert counts["responses"] == INVITATIONS, summary
    assert counts["completed"] == counts["responses"], summary
    assert counts["tallied"] == counts["responses"], summary
    assert counts["counted_completed"] == counts["completed"], summary
    assert counts["distinct_nonces"] == counts["responses"], summary
    assert counts["drafts"] == 0, summary
    assert summary["lost_submissions"] == 0, summary
    assert summary["duplicates"] == 0, summary
