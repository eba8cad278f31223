"""Webhooks: signed deliveries to a real HTTP server on loopback, retries, and no count under k."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from flask_login import login_user
from sqlalchemy import select

from survey_app import webhooks
from survey_app.campaigns.services import close_campaign, open_campaign
from survey_app.extensions import db
from survey_app.jobs import queue as job_queue
from survey_app.models import (
    AuditEntry,
    CampaignStatus,
    DeliveryStatus,
    EvidenceSource,
    WebhookDelivery,
    WebhookEndpoint,
)
from survey_app.prospects.verdict import Confidence
from survey_app.webhooks import signing
from survey_app.webhooks.delivery import deliver
from tests import factories


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A real HTTP server on loopback that records every POST and answers the next status."""

    url: str
    calls: list[Received] = field(default_factory=list)
    statuses: queue.SimpleQueue[int] = field(default_factory=queue.SimpleQueue)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    box: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            length = int(self.headers.get("Content-Length", "0"))
            box["r"].calls.append(Received(dict(self.headers.items()), self.rfile.read(length)))
            status = 200 if box["r"].statuses.empty() else box["r"].statuses.get()
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    box["r"] = Receiver(f"http://127.0.0.1:{server.server_port}/hooks")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield box["r"]
    finally:
        server.shutdown()
        server.server_close()


def _add_endpoint(admin_client, url: str, *events: str) -> str:
    """The admin adds an endpoint on the settings page; the secret it shows once."""
    page = admin_client.post("/admin/settings/webhooks", data={"url": url, "events": list(events)})
    assert page.status_code == 200, page.get_data(as_text=True)
    text = page.get_data(as_text=True)
    return text.split('id="new-secret-value" readonly value="')[1].split('"')[0]


def _numbers(value: Any) -> Iterator[tuple[str, int]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, bool):
                continue
            if isinstance(item, int | float):
                yield key, item
            else:
                yield from _numbers(item)
    elif isinstance(value, list):
        for item in value:
            yield from _numbers(item)


def test_campaign_closed_reaches_the_server_signed(app, admin_client, org, receiver):
    secret = _add_endpoint(admin_client, receiver.url, webhooks.CAMPAIGN_CLOSED)
    assert secret.startswith("whsec_")
    company = factories.make_company(org, teams=("Sales",))
    campaign = factories.make_campaign(company, k=3)
    factories.make_responses(campaign, company.teams[0], 4)
    close_campaign(campaign)  # the job queue runs inline under TESTING

    [call] = receiver.calls
    assert call.headers["Content-Type"] == "application/json"
    assert call.headers["Webhook-Event"] == "campaign.closed"
    assert signing.verify(secret, call.headers["Webhook-Signature"], call.body)
    assert not signing.verify("whsec_wrong", call.headers["Webhook-Signature"], call.body)
    assert not signing.verify(secret, call.headers["Webhook-Signature"], call.body + b" ")
    event = json.loads(call.body)
    assert event["type"] == "campaign.closed"
    assert event["data"]["campaign"]["status"] == "closed"
    assert event["data"]["results"]["responses"] == 4
    delivery = db.session.scalar(select(WebhookDelivery))
    assert delivery.status == DeliveryStatus.DELIVERED
    assert call.headers["Webhook-Id"] == str(delivery.id)
    log = admin_client.get(f"/admin/settings/webhooks/{delivery.endpoint_id}")
    assert "Delivered" in log.get_data(as_text=True)
    assert "campaign.closed" in log.get_data(as_text=True)
    assert (
        db.session.scalar(
            select(AuditEntry).where(AuditEntry.object_kind == "webhook endpoint")
        ).action
        == "create"
    )


def test_a_failed_delivery_is_retried_with_backoff(app, admin_client, org, receiver):
    secret = _add_endpoint(admin_client, receiver.url, webhooks.CAMPAIGN_OPENED)
    company = factories.make_company(org)
    campaign = factories.make_campaign(company, status=CampaignStatus.DRAFT)
    receiver.statuses.put(500)
    open_campaign(campaign)  # first try: the endpoint answers 500, the task is retried later
    delivery = db.session.scalar(select(WebhookDelivery))
    db.session.refresh(delivery)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.PENDING,
        1,
        500,
    )
    assert "answered 500" in admin_client.get(
        f"/admin/settings/webhooks/{delivery.endpoint_id}"
    ).get_data(as_text=True)
    task = app.extensions["huey_tasks"]["survey_app.webhooks.delivery.deliver"]
    assert (task.retries, task.retry_delay) == (5, 10)
    assert len(job_queue().scheduled()) == 1  # the retry, waiting for its delay
    deliver(delivery.id)  # what the consumer does when the retry is due
    db.session.refresh(delivery)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)
    first, second = receiver.calls
    assert first.body == second.body
    assert first.headers["Webhook-Id"] == second.headers["Webhook-Id"]
    assert signing.verify(secret, second.headers["Webhook-Signature"], second.body)
    deliver(delivery.id)  # a task run twice (a consumer killed mid-task) posts nothing more
    assert len(receiver.calls) == 2


def test_the_last_failure_marks_the_delivery_failed(app, admin_client, org, receiver):
    _add_endpoint(admin_client, receiver.url, webhooks.CAMPAIGN_OPENED)
    campaign = factories.make_campaign(factories.make_company(org), status=CampaignStatus.DRAFT)
    for _ in range(6):
        receiver.statuses.put(503)
    open_campaign(campaign)
    delivery = db.session.scalar(select(WebhookDelivery))
    for _ in range(4):
        with pytest.raises(RuntimeError):
            deliver(delivery.id)
    deliver(delivery.id)  # the sixth try: failed for good, nothing raised
    db.session.refresh(delivery)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 6)


def test_no_payload_carries_a_count_under_k(app, admin_client, org, receiver):
    _add_endpoint(admin_client, receiver.url, webhooks.CAMPAIGN_CLOSED, webhooks.CAMPAIGN_OPENED)
    company = factories.make_company(org, teams=("Sales",))
    campaign = factories.make_campaign(company, k=5, status=CampaignStatus.DRAFT)
    open_campaign(campaign)
    factories.make_responses(campaign, company.teams[0], 4)  # one short of k
    close_campaign(campaign)
    assert len(receiver.calls) == 2
    for call in receiver.calls:
        event = json.loads(call.body)
        assert event["data"]["results"] is None
        counts = {key: n for key, n in _numbers(event["data"]) if key not in {"id", "company_id"}}
        assert counts == {"k": 5}, counts  # no response, invitation or team count at all


def test_threshold_reached_is_sent_once_at_the_first_published_snapshot(
    app, admin_client, org, receiver
):
    _add_endpoint(admin_client, receiver.url, webhooks.THRESHOLD_REACHED)
    company = factories.make_company(org, teams=())
    campaign = factories.make_campaign(company, k=3, with_teams=False)
    factories.make_responses(campaign, None, 2)
    assert receiver.calls == []
    factories.make_responses(campaign, None, 1)
    [call] = receiver.calls
    event = json.loads(call.body)
    assert event["type"] == "campaign.threshold_reached"
    assert event["data"]["results"]["responses"] == 3
    factories.make_responses(campaign, None, 4)  # the next snapshots: no second event
    assert len(receiver.calls) == 1


def test_only_a_submission_that_publishes_a_snapshot_reads_the_endpoints(
    app, admin_client, org, receiver
):
    """Results change only when a step of k is published, so the other submissions of each
    step skip the webhook's reads (a quarter of a submission's time in the load bench)."""
    from sqlalchemy import event

    _add_endpoint(admin_client, receiver.url, webhooks.THRESHOLD_REACHED)
    company = factories.make_company(org, teams=())
    campaign = factories.make_campaign(company, k=3, with_teams=False)
    reads: list[str] = []

    def seen(conn, cursor, statement, *args):
        if "webhook_endpoints" in statement:
            reads.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        factories.make_responses(campaign, None, 2)
        assert reads == []
        factories.make_responses(campaign, None, 1)  # the first snapshot: k reached
        assert reads
        del reads[:]
        factories.make_responses(campaign, None, 2)
        assert reads == []
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert len(receiver.calls) == 1


def test_a_prospects_verdict_change_is_sent(app, admin_client, org, rep, receiver):
    from survey_app.prospects.services import AssessmentInput, record_assessment
    from survey_app.scoring import DEFAULT_THRESHOLDS  # noqa: F401 - the default bands apply

    _add_endpoint(admin_client, receiver.url, webhooks.VERDICT_CHANGED)
    prospect = factories.make_prospect(org, owner=rep, name="Bank")
    ticked = frozenset(
        {
            "no_trust",
            "blame_fixing",
            "cynicism",
            "selfishness",
            "no_vision",
            "poor_leadership",
            "finger_pointing",
            "glory_stealing",
            "insecurity",
        }
    )
    with app.test_request_context():
        login_user(rep)
        data = AssessmentInput(
            observed_on=__import__("datetime").date.today(),
            source=EvidenceSource.MEETING,
            confidence=Confidence.HIGH,
            ticked=ticked,
        )
        record_assessment(prospect, data)
    [call] = receiver.calls
    event = json.loads(call.body)
    assert event["type"] == "prospect.verdict_changed"
    assert event["data"]["prospect"]["name"] == "Bank"
    assert event["data"]["verdict"] == "Walk away"
    assert event["data"]["previous"] is None
    assert "no_trust" not in call.body.decode()  # no assessment, no tick, no author


def test_only_http_addresses_are_accepted_or_called(app, admin_client, org, receiver):
    page = admin_client.post(
        "/admin/settings/webhooks",
        data={"url": "file:///etc/passwd", "events": ["campaign.opened"]},
    )
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Use an http:// or https:// address." in text
    assert 'value="file:///etc/passwd"' in text
    assert db.session.scalar(select(WebhookEndpoint)) is None
    # An address stored some other way is still refused when the delivery runs.
    db.session.add(
        WebhookEndpoint(
            organization_id=org.id,
            url="gopher://127.0.0.1/",
            secret="s",
            events=["campaign.opened"],
        )
    )
    db.session.commit()
    campaign = factories.make_campaign(factories.make_company(org), status=CampaignStatus.DRAFT)
    open_campaign(campaign)
    delivery = db.session.scalar(select(WebhookDelivery))
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error.startswith("Not called")


def test_removing_an_endpoint_asks_first(app, admin_client, org, receiver):
    _add_endpoint(admin_client, receiver.url, webhooks.CAMPAIGN_OPENED)
    endpoint = db.session.scalar(select(WebhookEndpoint))
    confirm = admin_client.get(f"/admin/settings/webhooks/{endpoint.id}/delete")
    assert "Remove the webhook endpoint" in confirm.get_data(as_text=True)
    assert admin_client.post(f"/admin/settings/webhooks/{endpoint.id}/delete").status_code == 302
    assert db.session.scalar(select(WebhookEndpoint)) is None
    settings = admin_client.get("/admin/settings").get_data(as_text=True)
    assert "called from this server" in settings
