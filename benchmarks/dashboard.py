"""Dashboard cost at 1k, 10k and 100k responses: it must not grow with the response count.

(a) the dashboard data: ``campaign_results`` in a fresh session, as a request would run it;
(b) pages through the test client as a signed-in leader: the dashboard page once its route
    ("dashboard.campaign") exists, and whichever other campaign pages read the results.
Goal: dashboard_growth (100k / 1k) <= 2 and dashboard_ms_100k <= 150.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, url_for
from flask.testing import FlaskClient

from survey_app.extensions import db
from survey_app.models import Campaign
from survey_app.results.campaign import campaign_results

from .common import BenchResult, Options, Timing, fresh_app, median_ms, size_label, stopwatch
from .dataset import LEADER_EMAIL, PASSWORD, load_campaign

GROWTH_GOAL = 2.0
MS_100K_GOAL = 150.0
# (figure name, endpoint): timed when the endpoint exists in the app.
PAGES = (
    ("dashboard_page", "dashboard.campaign"),
    # Not "campaign_page": that name is the page at 1k and 100k invitations
    # (benchmarks/campaign_page.py); here the campaign has 1k to 100k responses.
    ("campaign_page_by_responses", "campaigns.detail"),
    ("export_csv", "exports.campaign_csv"),
    ("export_xlsx", "exports.campaign_xlsx"),
)


def _show(timing: Timing) -> str:
    return f"{timing.wall_ms} ms (cpu {timing.cpu_ms})"


def _data_once(app: Flask, campaign_id: int) -> None:
    with app.app_context():  # a new session, as in a request
        campaign = db.session.get(Campaign, campaign_id)
        results = campaign_results(campaign)
        if results.overall is None:
            raise RuntimeError("the benchmark campaign should be visible")


def _signed_in(app: Flask) -> FlaskClient:
    client = app.test_client()
    response = client.post("/auth/login", data={"email": LEADER_EMAIL, "password": PASSWORD})
    if response.status_code != 302:
        raise RuntimeError(f"the benchmark leader could not sign in ({response.status_code})")
    return client


def _page_urls(app: Flask, campaign_id: int) -> dict[str, str]:
    with app.test_request_context():
        return {
            name: url_for(endpoint, campaign_id=campaign_id)
            for name, endpoint in PAGES
            if endpoint in app.view_functions
        }


def _get(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")


def run(options: Options) -> BenchResult:
    result = BenchResult()
    figures: dict[str, Any] = result.figures
    missing = [endpoint for _, endpoint in PAGES if endpoint.startswith("dashboard.")]
    for size in options.sizes:
        label = size_label(size)
        app = fresh_app(options.workdir / f"dashboard-{label}.sqlite3")
        with app.app_context(), stopwatch() as elapsed:
            loaded = load_campaign(size)
            load_s = round(elapsed(), 1)
        figures[f"dashboard_load_s_{label}"] = load_s
        result.table.append((f"load {label} ({loaded.answers:,} answers)", f"{load_s} s"))

        data_ms = median_ms(
            lambda app=app, cid=loaded.campaign_id: _data_once(app, cid),
            options.warmup,
            options.repeats,
        )
        figures[f"dashboard_ms_{label}"] = data_ms.wall_ms
        figures[f"dashboard_cpu_ms_{label}"] = data_ms.cpu_ms
        result.table.append((f"dashboard data {label}", _show(data_ms)))

        client = _signed_in(app)
        urls = _page_urls(app, loaded.campaign_id)
        for name, url in urls.items():
            page_ms = median_ms(
                lambda client=client, url=url: _get(client, url),
                options.warmup,
                max(5, options.repeats // 2),
            )
            figures[f"{name}_ms_{label}"] = page_ms.wall_ms
            figures[f"{name}_cpu_ms_{label}"] = page_ms.cpu_ms
            result.table.append((f"{name.replace('_', ' ')} {label}", _show(page_ms)))
        missing = [e for _, e in PAGES if e not in app.view_functions]
        with app.app_context():
            db.engine.dispose()

    first, last = size_label(options.sizes[0]), size_label(options.sizes[-1])
    growth = round(figures[f"dashboard_ms_{last}"] / figures[f"dashboard_ms_{first}"], 2)
    figures["dashboard_growth"] = growth
    result.table.append((f"dashboard growth ({last} / {first})", f"x{growth}"))
    for name, _ in PAGES:
        if f"{name}_ms_{first}" in figures and f"{name}_ms_{last}" in figures:
            page_growth = figures[f"{name}_ms_{last}"] / figures[f"{name}_ms_{first}"]
            figures[f"{name}_growth"] = round(page_growth, 2)
    figures["dashboard_pages_not_timed"] = missing
    result.checks.append((f"dashboard_growth <= {GROWTH_GOAL}", growth <= GROWTH_GOAL))
    if "dashboard_ms_100k" in figures:
        ok = figures["dashboard_ms_100k"] <= MS_100K_GOAL
        result.checks.append((f"dashboard_ms_100k <= {MS_100K_GOAL:g}", ok))
    return result
