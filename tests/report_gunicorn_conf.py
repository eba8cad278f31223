"""gunicorn settings for tests/report_stack.py: the app's own, plus a hook that writes, as each
web worker exits, which report-drawing modules (Kaleido, its browser driver) it ever imported:
a web worker must never have (survey_app/reports/views.py)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from survey_app.gunicorn_conf import *  # noqa: F403 - the production settings, unchanged

DRAWING = ("kaleido", "choreographer")


def worker_exit(server: Any, worker: Any) -> None:
    folder = os.environ.get("REPORT_PROBE_DIR")
    if not folder:
        return
    modules = sorted(m for m in sys.modules if m.split(".")[0] in DRAWING)
    Path(folder, f"{os.getpid()}.json").write_text(json.dumps({"modules": modules}))
