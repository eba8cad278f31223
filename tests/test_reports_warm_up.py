"""The job consumer warms the report path at its start (issue 15: no first-report penalty):
Chromium running, WeasyPrint's fonts and caches loaded, and one chart drawn through it."""

from __future__ import annotations

import pytest

from survey_app.reports import jobs, pdf
from survey_app.reports.renderer import get_renderer

pytestmark = pytest.mark.engine_independent


def test_the_consumer_start_draws_a_chart_of_each_kind_the_reports_use(app, monkeypatch):
    renderer = get_renderer()
    drawn: list[str] = []
    render = renderer.render

    def recording(charts, *args, **kwargs):
        images = render(charts, *args, **kwargs)
        drawn.extend(images.values())
        return images

    monkeypatch.setattr(renderer, "render", recording)
    jobs.warm_renderer(app)
    assert renderer.started
    assert pdf._warm
    (svg,) = drawn
    assert svg.lstrip().startswith("<svg")
    traces = {trace.type for trace in jobs._warm_up_chart().figure.data}
    assert traces == {"bar", "heatmap", "scatter"}  # the reports' bar, heatmap and quadrant
