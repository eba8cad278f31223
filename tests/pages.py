"""Reading a page as a person does, for assertions on its sentences."""

from __future__ import annotations

import re

_BDI = re.compile(r"</?bdi>")


def without_bdi(html: str) -> str:
    """The page without the ``<bdi>`` that isolates each name people typed (survey_app/bidi.py),
    so that a sentence naming one reads as it is shown: “Acme” already exists."""
    return _BDI.sub("", html)
