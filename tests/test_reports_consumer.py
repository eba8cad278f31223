"""Six PDFs render on a real job consumer while a real gunicorn keeps answering, and the web
process never imports Kaleido nor starts Chromium (issue 15, part 5).

How fast /healthz answers meanwhile is a benchmark (``report_healthz_ms_during_6``,
benchmarks/report_bench.py), not an assertion here: a timed assertion flakes on a busy
machine. What is asserted is why it stays fast: the web workers have no browser and no
drawing modules, every /healthz during the renders is answered, and the consumer, the one
process with a browser, renders all six.
"""

from __future__ import annotations

import io
import os
import time
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from survey_app.extensions import db
from survey_app.models import CampaignStatus, Role
from tests import factories, report_stack
from tests.load import harness

pytestmark = [pytest.mark.slow, pytest.mark.engine_independent]
LEADER = "leader@example.com"


def _seed(url: str) -> list[int]:
    """Three closed campaigns with enough answers for every chart (k = 3, two teams of 3)."""
    with harness.app_context(url):
        db.create_all()  # the schema (tests/test_migrations.py checks the chain gives the same)
        org = factories.make_org("Render Org")
        factories.make_user(org, Role.LEADER, LEADER)
        company = factories.make_company(org, "Acme Traders")
        ids = []
        for n in range(3):
            campaign = factories.make_campaign(company, f"Wave {n + 1}", k=3)
            for team in company.teams:
                factories.make_responses(campaign, team, 3, execution=1 + n)
            campaign.status, campaign.closed_on = CampaignStatus.CLOSED, date.today()
            db.session.commit()
            ids.append(campaign.id)
        return ids


def test_six_renders_on_the_consumer_and_none_in_the_web_process(tmp_path: Path) -> None:
    with harness.fresh_database(tmp_path, os.environ.get("TEST_DATABASE_URL")) as url:
        campaigns = _seed(url)
        with report_stack.stack(url, tmp_path) as stack:
            # The consumer warmed its renderer before its first beat: its browser is up.
            assert report_stack.browsers_under(stack.consumer.pid)
            client = stack.client(LEADER, factories.PASSWORD)
            reports = [(c, paper) for c in campaigns for paper in ("a4", "letter")]
            for campaign_id, paper in reports:
                page = client.get(f"/campaigns/{campaign_id}/report.pdf?paper={paper}")
                assert page.status == 200, stack.server.log()[-3000:]
                assert "PDF report" in page.body
                assert 'id="report-progress"' in page.body
            statuses = [f"/campaigns/{c}/report/status?paper={p}" for c, p in reports]
            healthz: list[int] = []
            browsers_in_web: list[str] = []
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                healthz.append(harness.Client(stack.server.port).get("/healthz").status)
                browsers_in_web += report_stack.browsers_under(stack.server.proc.pid)
                states = [report_stack.status_of(client, path) for path in statuses]
                if all(state == "ready" for state in states):
                    break
                time.sleep(0.2)  # pacing: the page's script polls about as often
            assert states == ["ready"] * 6, (tmp_path / "consumer.log").read_text()[-3000:]
            assert healthz
            assert set(healthz) == {200}
            assert browsers_in_web == []
            for (campaign_id, paper), n in zip(reports, range(6), strict=True):
                pdf = report_stack.download(
                    client, f"/campaigns/{campaign_id}/report.pdf?paper={paper}"
                )
                reader = PdfReader(io.BytesIO(pdf))
                assert f"Wave {n // 2 + 1}" in reader.pages[0].extract_text()
                assert round(float(reader.pages[0].mediabox.upper_right[0])) == (
                    595 if paper == "a4" else 612
                )
            assert report_stack.browsers_under(stack.server.proc.pid) == []
        # The workers wrote, as they exited, every drawing module they had imported: none.
        assert list(stack.probe_dir.glob("*.json")), stack.server.log()[-2000:]
        assert stack.web_modules() == []
