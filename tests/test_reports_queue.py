"""PDFs off the request path: stored renders, the waiting page, failures, scopes, close.

Most tests run the render inline (the tests' immediate mode); ``queued_app`` keeps the queue
real (JOBS_IMMEDIATE off) and runs the task by hand, standing in for the consumer. The real
consumer beside a real web server is tests/test_reports_consumer.py.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import (
    CampaignStatus,
    RenderStatus,
    ReportKind,
    ReportRender,
    Role,
)
from survey_app.models._types import utcnow
from survey_app.reports import ReportError, document, store
from survey_app.reports.jobs import render_report
from survey_app.results.scope import UNSCOPED, Viewer
from tests import factories
from tests.conftest import app_on_fresh_database, login


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def _renders() -> list[ReportRender]:
    db.session.commit()  # a fresh read: the render committed in a session of its own
    return list(db.session.scalars(select(ReportRender).order_by(ReportRender.id)))


@pytest.fixture
def campaign(org):
    company = factories.make_company(org, name="Acme Traders")
    return factories.make_campaign(company, title="Q3 pulse", status=CampaignStatus.CLOSED)


def _count_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = document.render_pdf

    def counted(content, paper="a4", progress=None):  # type: ignore[no-untyped-def]
        calls.append(paper)
        return real(content, paper, progress)

    monkeypatch.setattr(document, "render_pdf", counted)
    return calls


def test_a_pdf_renders_once_and_is_served_from_store_until_it_changes(
    leader_client, campaign, monkeypatch
) -> None:
    calls = _count_renders(monkeypatch)
    url = f"/campaigns/{campaign.id}/report.pdf"
    first = leader_client.get(url)
    assert first.mimetype == "application/pdf"
    assert first.headers["Content-Disposition"].startswith(
        'attachment; filename="acme-traders-q3-pulse-report.pdf"'
    )
    again = leader_client.get(url)
    assert again.data == first.data  # the stored render, not drawn again
    assert calls == ["a4"]
    [render] = _renders()
    assert (render.kind, render.paper, render.scope) == (ReportKind.CAMPAIGN, "a4", "all")
    assert render.status is RenderStatus.READY
    assert render.progress == 100

    # What the report prints changed: the stored PDF is stale and never served again.
    campaign.company.name = "Zenith Traders"
    db.session.commit()
    renamed = leader_client.get(url)
    assert calls == ["a4", "a4"]
    assert "Zenith Traders" in _text(renamed.data)
    assert "Acme Traders" not in _text(renamed.data)
    assert len(_renders()) == 1  # the slot holds the latest render only


def test_the_fingerprint_covers_what_is_printed_and_not_the_day(app, campaign) -> None:
    content = store.build_content(ReportKind.CAMPAIGN, campaign, UNSCOPED)
    a4 = store.fingerprint(content, "a4")
    assert store.fingerprint(content, "a4") == a4  # the same report, the same digest
    assert store.fingerprint(content, "letter") != a4
    content.context["today"] = content.context["today"] + timedelta(days=3)
    assert store.fingerprint(content, "a4") == a4  # rendered at close, still good next week
    content.context["campaign"].title = "Q4 pulse"
    renamed = store.build_content(ReportKind.CAMPAIGN, campaign, UNSCOPED)
    assert store.fingerprint(renamed, "a4") != a4
    db.session.rollback()


@pytest.fixture
def queued_app(tmp_path) -> Iterator[Flask]:
    """The app with a real queue on SQLite: nothing runs unless a consumer (here, the test)
    takes the task."""
    with app_on_fresh_database(tmp_path, JOBS_IMMEDIATE=False) as app:
        yield app


def test_the_page_waits_with_progress_and_the_download_comes_when_ready(queued_app) -> None:
    org = factories.make_org("Acme Sales")
    leader = factories.make_user(org, Role.LEADER)
    company = factories.make_company(org, name="Acme Traders")
    campaign = factories.make_campaign(company, title="Q3 pulse", status=CampaignStatus.CLOSED)
    client = login(queued_app.test_client(), leader)
    url = f"/campaigns/{campaign.id}/report.pdf?paper=letter"

    waiting = client.get(url)
    assert waiting.status_code == 200
    assert waiting.mimetype == "text/html"
    page = waiting.get_data(as_text=True)
    assert "Waiting for the report renderer" in page
    assert 'aria-valuenow="0"' in page
    assert "No job consumer has been seen" in page  # and nobody is taking the queue
    assert f'href="/campaigns/{campaign.id}/report.pdf?paper=letter"' in page  # works sans JS
    assert "js/report_status.js" in page
    status_url = f"/campaigns/{campaign.id}/report/status?paper=letter"
    assert client.get(status_url).get_json()["state"] == "queued"
    assert len(_renders()) == 1
    client.get(url)  # asked again (a reload): the same render, not a second one queued
    assert len(queued_app.extensions["huey"]) == 1

    # The person left; the consumer takes the task.
    [render] = _renders()
    render_report(render.id)
    status = client.get(status_url).get_json()
    assert status == {"state": "ready", "stage": "Ready", "text": "Ready", "progress": 100,
                      "ahead": 0, "error": None}  # fmt: skip
    pdf = client.get(url)
    assert pdf.mimetype == "application/pdf"
    box = PdfReader(io.BytesIO(pdf.data)).pages[0].mediabox.upper_right
    assert (round(float(box[0])), round(float(box[1]))) == (612, 792)


def test_a_failed_render_says_why_and_is_retried_only_when_asked(
    leader_client, campaign, monkeypatch
) -> None:
    def fail(html, timeout):  # type: ignore[no-untyped-def]
        raise ReportError("The PDF took longer than 25 s to lay out and was stopped.")

    monkeypatch.setattr(document, "html_to_pdf", fail)
    url = f"/campaigns/{campaign.id}/report.pdf"
    failed = leader_client.get(url)
    assert failed.status_code == 503
    page = failed.get_data(as_text=True)
    assert "took longer than 25 s" in page
    assert f'action="/campaigns/{campaign.id}/report/retry?paper=a4"' in page
    assert "Try again" in page
    assert leader_client.get(url).status_code == 503  # a reload shows it, without a new try
    [render] = _renders()
    first_try = render.requested_at

    monkeypatch.undo()
    retried = leader_client.post(f"/campaigns/{campaign.id}/report/retry?paper=a4")
    assert retried.status_code == 303
    assert retried.headers["Location"].endswith(f"/campaigns/{campaign.id}/report.pdf?paper=a4")
    [render] = _renders()
    assert render.requested_at > first_try
    assert render.status is RenderStatus.READY
    assert leader_client.get(url).mimetype == "application/pdf"


def test_a_render_belongs_to_one_viewer_scope(app, campaign) -> None:
    team = campaign.teams[0]
    scoped = Viewer(frozenset({team.id}))
    content = store.build_content(ReportKind.CAMPAIGN, campaign, scoped)
    wanted = store.fingerprint(content, "a4")
    args = (campaign.organization_id, ReportKind.CAMPAIGN, campaign.id, "a4")
    render = store.request_render(*args, scoped, wanted)
    assert render.status is RenderStatus.READY
    assert render.scope == f"teams:{team.id}"
    # Every other scope has its own slot: nothing rendered for one is served to another.
    assert store.slot(ReportKind.CAMPAIGN, campaign.id, "a4", UNSCOPED) is None
    other = Viewer(frozenset({campaign.teams[1].id}))
    assert store.slot(ReportKind.CAMPAIGN, campaign.id, "a4", other) is None
    assert store.viewer_of_scope(render.scope) == scoped
    assert store.viewer_of_scope("all") == UNSCOPED


def test_a_rep_and_another_organisation_get_no_status_and_no_retry(
    rep_client, leader_client, campaign, other_org
) -> None:
    statuses = (f"/campaigns/{campaign.id}/report", f"/companies/{campaign.company_id}/report")
    for path in (f"{base}/status" for base in statuses):
        assert rep_client.get(path).status_code == 403
    assert rep_client.post(f"/campaigns/{campaign.id}/report/retry").status_code == 403
    foreign = factories.make_campaign(factories.make_company(other_org))
    assert leader_client.get(f"/campaigns/{foreign.id}/report/status").status_code == 404
    assert leader_client.post(f"/campaigns/{foreign.id}/report/retry").status_code == 404
    assert leader_client.post(f"/companies/{foreign.company_id}/report/retry").status_code == 404
    assert _renders() == []


def test_closing_a_campaign_renders_its_pdf_on_both_papers(
    app, leader_client, org, monkeypatch
) -> None:
    app.config["REPORTS_RENDER_ON_CLOSE"] = True
    company = factories.make_company(org, name="Acme Traders")
    campaign = factories.make_campaign(company, title="Q3 pulse", status=CampaignStatus.OPEN)
    response = leader_client.post(f"/campaigns/{campaign.id}/close")
    assert response.status_code in (302, 303)
    renders = _renders()
    assert sorted(r.paper for r in renders) == ["a4", "letter"]
    assert all(r.status is RenderStatus.READY and r.scope == "all" for r in renders)

    def no_render(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the download should be the stored render")

    monkeypatch.setattr(document, "render_pdf", no_render)
    for paper in ("a4", "letter"):
        pdf = leader_client.get(f"/campaigns/{campaign.id}/report.pdf?paper={paper}")
        assert pdf.mimetype == "application/pdf"


def test_old_and_orphaned_renders_are_pruned(app, campaign) -> None:
    content = store.build_content(ReportKind.CAMPAIGN, campaign, UNSCOPED)
    args = (campaign.organization_id, ReportKind.CAMPAIGN, campaign.id)
    kept = store.request_render(*args, "a4", UNSCOPED, store.fingerprint(content, "a4"))
    old = store.request_render(*args, "letter", UNSCOPED, store.fingerprint(content, "letter"))
    orphan = ReportRender(
        organization_id=campaign.organization_id, kind=ReportKind.COMPANY, subject_id=999_999,
        paper="a4", scope="all", fingerprint="x", status=RenderStatus.READY, pdf=b"%PDF",
    )  # fmt: skip
    db.session.add(orphan)
    old.finished_at = utcnow() - timedelta(days=31)
    db.session.commit()
    assert store.prune() == 2
    assert [r.id for r in _renders()] == [kept.id]


def test_a_ready_report_tells_the_webhooks_listening(leader_client, campaign, monkeypatch) -> None:
    from survey_app.models import WebhookEndpoint, WebhookEvent
    from survey_app.webhooks import delivery

    sent: list[str] = []
    monkeypatch.setattr(delivery, "_post", lambda url, body, headers: sent.append(url) or 200)
    db.session.add(
        WebhookEndpoint(
            organization_id=campaign.organization_id, url="https://hooks.example/in",
            secret="s" * 32, events=["report.ready"],
        )
    )  # fmt: skip
    db.session.commit()
    assert leader_client.get(f"/campaigns/{campaign.id}/report.pdf").mimetype == "application/pdf"
    db.session.commit()
    [event] = db.session.scalars(select(WebhookEvent)).all()
    assert event.event == "report.ready"
    assert event.payload["report"]["url"].endswith(f"/campaigns/{campaign.id}/report.pdf?paper=a4")
    assert sent == ["https://hooks.example/in"]
