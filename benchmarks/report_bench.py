"""Benchmark of the demo campaign report: cold, warm, and against WeasyPrint alone.

``run()`` returns seconds (and one ratio):

* ``report_cold_s``: ``flask --app survey_app report`` in a new process, Chromium included.
* ``report_warm_s``: the same report again in a process whose Chromium is already running, with
  the SVG cache cleared, so every chart is drawn again (median of three).
* ``report_vs_weasyprint``: ``report_warm_s`` divided by the time WeasyPrint alone takes on the
  very same HTML with the charts already drawn (median of three). Goals: warm <= 2 s, ratio
  <= 1.5 on a two-core machine.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CAMPAIGN = "Spring 2026 teamwork pulse"
ROUNDS = 3


def _median(fn: Any, rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _demo_app(workdir: Path) -> Any:
    from survey_app import create_app
    from survey_app.demo import load_demo
    from survey_app.extensions import db

    url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        db.create_all()
        load_demo("http://localhost")
    return app


def _cold(workdir: Path, campaign_id: int) -> float:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "SURVEY_APP_ENV_NAME": "development",
    }
    command = [sys.executable, "-m", "flask", "--app", "survey_app", "report", str(campaign_id),
               "-o", str(workdir / "cold.pdf")]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        raise RuntimeError(f"the report command failed:\n{done.stdout}{done.stderr}")
    return time.perf_counter() - started


def measure() -> dict[str, float]:
    """Measure the three figures on a fresh demo database in a temporary folder."""
    from sqlalchemy import select

    from survey_app.extensions import db
    from survey_app.models import Campaign
    from survey_app.reports.campaign import campaign_report
    from survey_app.reports.document import draw_charts, render_html, render_pdf
    from survey_app.reports.pdf import _write_pdf
    from survey_app.reports.renderer import get_renderer

    with tempfile.TemporaryDirectory(prefix="report-bench-") as tmp:
        workdir = Path(tmp)
        app = _demo_app(workdir)
        with app.app_context():
            campaign_id = db.session.scalar(select(Campaign.id).where(Campaign.title == CAMPAIGN))
            db.session.remove()  # SQLite: leave the database to the other process
            cold = _cold(workdir, campaign_id)
            campaign = db.session.get(Campaign, campaign_id)
            renderer = get_renderer()
            render_pdf(campaign_report(campaign))  # Chromium and WeasyPrint up and warm

            def warm_report() -> None:
                renderer.clear_cache()
                render_pdf(campaign_report(campaign))

            warm = _median(warm_report)
            content = campaign_report(campaign)
            html = render_html(content, "a4", draw_charts(content, 60))
            weasy = _median(lambda: _write_pdf(html))
            db.session.remove()
            db.engine.dispose()
    return {
        "report_cold_s": round(cold, 3),
        "report_warm_s": round(warm, 3),
        "report_vs_weasyprint": round(warm / weasy, 3),
    }


def run(options: Any = None) -> Any:
    """The ``benchmarks`` entry point: the figures, a table and the issue's goals."""
    from .common import BenchResult

    figures = measure()
    table = [
        ("report cold (new process)", f"{figures['report_cold_s']:.2f} s"),
        ("report warm (renderer alive)", f"{figures['report_warm_s']:.2f} s"),
        ("warm report / WeasyPrint alone", f"x{figures['report_vs_weasyprint']:.2f}"),
    ]
    checks = [
        ("report_warm_s <= 2", figures["report_warm_s"] <= 2),
        ("report_vs_weasyprint <= 1.5", figures["report_vs_weasyprint"] <= 1.5),
    ]
    return BenchResult(figures=figures, table=table, checks=checks)


if __name__ == "__main__":
    print(measure())
