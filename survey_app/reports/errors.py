"""The one error a report raises, with a message a leader or an operator can act on."""

from __future__ import annotations


class ReportError(RuntimeError):
    """The report could not be rendered; the message says why and, if possible, what to do."""
