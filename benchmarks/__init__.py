"""Benchmarks, run with ``python -m benchmarks`` (``make bench``).

Each benchmark is a module of this package with a ``run(options) -> BenchResult`` function,
listed in :data:`BENCHMARKS`. Its figures are merged into ``bench-results.json`` at the repo
root, so benchmarks added later (PDF report, load test) keep the keys written by the others.
"""

BENCHMARKS: dict[str, str] = {
    "dashboard": "benchmarks.dashboard",
    "report": "benchmarks.report_bench",
    "load": "benchmarks.load_bench",
    "mail": "benchmarks.mail_bench",
    "campaign_page": "benchmarks.campaign_page",
}
