"""Text people typed, isolated from the app's own sentences around it.

A name that holds a right-to-left override (U+202E), or simply starts in Arabic or Hebrew,
takes part in the Unicode bidirectional algorithm with the text beside it: "Company “‮Acme”
created." printed its own words backwards. Isolated, a name keeps its direction to itself and
never reorders what surrounds it (an override or embedding inside it ends with it).

* In HTML, on the web and in the PDFs, the ``bdi`` filter wraps a value in ``<bdi>`` (isolated,
  its direction found from its own first strong letter). Every template shows user text through
  it: ``{{ company.name|bdi }}``. A filter rather than a CSS class on some element: the text is
  mid-sentence in most places (flash messages, "Nobody has assessed … yet"), where there is no
  element of its own to style, and one visible word per occurrence is easy to check in review
  and by the page walks in ``tests/security/test_bidi.py``. (WeasyPrint has no
  ``unicode-bidi``, but lays out each inline box's text on its own, so ``<bdi>`` isolates
  there too: ``tests/test_reports_odd_text.py``.)
* A message of the app's (a flash, a form error) names what it is about in curly quotes:
  "A company named “Acme” already exists." The ``bdi_quoted`` filter puts each quoted name in
  ``<bdi>`` where the message is shown, so every message is covered, wherever it was written.
* Where no element can go (a ``<title>``, an attribute, a chart label, a message built in
  Python), :func:`isolate` puts the text between FIRST STRONG ISOLATE and POP DIRECTIONAL
  ISOLATE, the plain-text form of the same thing (the ``isolate`` filter in templates).
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

FSI = "\u2068"  # FIRST STRONG ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE


def isolate(text: object) -> str:
    """``text`` between FSI and PDI (plain text: escape it where it goes into HTML)."""
    return f"{FSI}{'' if text is None else text}{PDI}"


def bdi(text: object) -> Markup:
    """``text`` escaped, in a ``<bdi>`` element (None shows as nothing)."""
    return Markup("<bdi>%s</bdi>") % escape("" if text is None else text)


def address(text: object) -> Markup:
    """An email address as :func:`bdi` does, marked as one word that may break anywhere
    (app.css): in a table it has no space to wrap at, and must not widen its column past a
    phone."""
    return Markup('<bdi class="address">%s</bdi>') % escape("" if text is None else text)


# A name the app quotes, in the quotes of the message's language: “…” (English), « … » (French,
# with its spaces) or «…» (Spanish), „…“ (German). A closing quote counts when a space,
# punctuation or the end follows it, so that a name holding one cuts the isolate short only if
# a space or a stop follows it there.
_AFTER = r"(?=[\s.,;:!?)…]|$)"
_QUOTED = re.compile(
    rf"(“)(.*?)(”){_AFTER}|(«[ \u00a0\u202f]?)(.*?)([ \u00a0\u202f]?»){_AFTER}|(„)(.*?)(“){_AFTER}",
    re.S,
)


def bdi_quoted(message: object) -> Markup:
    """``message`` escaped, each name it quotes (“…”, « … », „…“) in a ``<bdi>``."""
    escaped = str(escape("" if message is None else message))

    def isolate(match: re.Match[str]) -> str:
        groups = match.groups()
        start = next(i for i in (0, 3, 6) if groups[i] is not None)
        opening, quoted, closing = groups[start : start + 3]
        if quoted.startswith("<bdi>") and quoted.endswith("</bdi>"):  # isolated already
            return match.group(0)
        return f"{opening}<bdi>{quoted}</bdi>{closing}"

    return Markup(_QUOTED.sub(isolate, escaped))  # noqa: S704


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, the last one "…" when cut (a chart label, a legend)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
