"""Confirmation pages for destructive actions: a GET that says exactly what will go, and only
a POST with the session's CSRF token does it.

Each destructive action has one URL: ``GET`` shows the confirmation page (a plain page, so it
works without JavaScript and with any assistive technology), ``POST`` does it. The buttons
elsewhere are links to the ``GET``; nothing is changed by following a link. The page lists what
will be removed as counts computed from the same queries as the deletion itself, and what stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flask import render_template
from markupsafe import Markup

from .input_guard import AppForm


class ConfirmForm(AppForm):
    """The confirmation's POST: only the CSRF token."""


def named(sentence: str, *names: str) -> Markup:
    """One of our sentences with each name a user typed put in it escaped and isolated
    (``<bdi>``), so that right-to-left text in a name cannot reorder the sentence."""
    isolated = (Markup("<bdi>{}</bdi>").format(name) for name in names)
    return Markup(sentence).format(*isolated)  # noqa: S704 - the sentence is ours, not input


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation page says; every sentence is built from counts of the records."""

    title: str  # the question, e.g. "Delete the campaign “Spring wave”?" (Markup for names)
    button: str  # the action, e.g. "Delete the campaign"
    cancel_url: str
    removes: Sequence[str] = ()  # "12 responses and their answers", ...
    removes_heading: str = "This deletes"
    keeps: Sequence[str] = ()  # what stays as it is
    lead: str = ""  # one sentence before the lists
    note: str = "This cannot be undone."
    crumbs: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (label, url)
    danger: bool = True


def confirmation_page(confirmation: Confirmation, status: int = 200) -> tuple[str, int]:
    """The page, whose form posts back to the URL it was shown at."""
    page = render_template("confirm.html", c=confirmation, form=ConfirmForm())
    return page, status
