"""One way to name a download, for every file the app hands out (reports, one-pagers, exports,
link lists).

A file name is built from text people typed (a prospect's name, a campaign's title), so it can
hold anything: Cyrillic or Chinese letters, a right-to-left override, a line break, ``../``, a
quote, three hundred characters. It goes into a ``Content-Disposition`` header, which must be
plain ASCII: gunicorn refuses any other header value and the worker answered with a broken
response (and, through the access logger, died). So every download goes through
:func:`attachment`:

* the **real name** keeps the letters, marks and digits of every script, lower-cased, with one
  dash for each run of anything else (spaces, punctuation, control and bidi characters, path
  separators, dots), so it can neither leave its folder nor reorder the text around it, and it
  is capped at :data:`MAX_CHARACTERS` characters and :data:`MAX_BYTES` UTF-8 bytes (file
  systems allow 255 bytes per name);
* the header carries it as RFC 6266 / RFC 5987 ``filename*=UTF-8''…``, and an ASCII
  ``filename="…"`` beside it for the clients that do not read ``filename*``. That fallback is
  the real name's ASCII transliteration (``é`` becomes ``e``), or the caller's default when
  nothing of it is ASCII (a Chinese name). werkzeug's ``send_file(download_name=...)`` writes
  the same two parameters, but its fallback only drops the letters it cannot transliterate
  (``one-pager-.pdf``), and it leaves a token unquoted. Both names hold nothing but letters,
  digits, dashes and the suffix's dot, so neither needs escaping, and ``filename*`` is
  percent-encoded as werkzeug does it (``urllib.parse.quote`` with RFC 5987's attr-chars).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from flask import Response

MAX_CHARACTERS = 80
MAX_BYTES = 150
_KEPT = frozenset("LMN")  # Unicode major categories: letters, marks, numbers
_ASCII_RUN = re.compile(r"[^a-z0-9]+")
RFC5987_SAFE = "!#$&+-.^_`|~"  # attr-char beside letters and digits (RFC 5987, section 3.2.1)


@dataclass(frozen=True)
class DownloadName:
    """A file name as a browser saves it (``name``) and the ASCII fallback (``ascii``)."""

    name: str
    ascii: str

    def content_disposition(self) -> str:
        """The ``Content-Disposition`` value: ASCII only (``filename*`` only when the name is
        not ASCII, as werkzeug does)."""
        value = f'attachment; filename="{self.ascii}"'
        if self.name != self.ascii:
            value += "; filename*=UTF-8''" + quote(self.name, RFC5987_SAFE)
        return value


def _slug(text: str) -> str:
    """Letters, marks and digits of any script, one dash for every run of anything else."""
    kept = (c if unicodedata.category(c)[0] in _KEPT else " " for c in text.lower())
    return "-".join("".join(kept).split())


def _capped(slug: str) -> str:
    slug = slug[:MAX_CHARACTERS]
    while len(slug.encode()) > MAX_BYTES:
        slug = slug[:-1]
    return slug.strip("-")


def download_name(*parts: str, suffix: str, default: str = "download") -> DownloadName:
    """The name of a download made of ``parts`` (a fixed word, a name, a title), with
    ``suffix`` (".pdf") appended; ``default`` (ASCII) stands in for an empty or non-ASCII name."""
    stem = _capped(_slug("-".join(unicodedata.normalize("NFC", part) for part in parts)))
    stem = stem or default
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    fallback = _capped(_ASCII_RUN.sub("-", plain.lower()).strip("-")) or default
    return DownloadName(stem + suffix, fallback + suffix)


def attachment(body: bytes | str, mimetype: str, name: DownloadName) -> Response:
    """A download: saved under ``name``, never cached, never sniffed into a page.

    ``mimetype`` is the whole Content-Type, parameters included ("text/csv; charset=utf-8"),
    sent as given: werkzeug's ``mimetype=`` appends a charset to every text type, which made
    "charset=utf-8; charset=utf-8".
    """
    response = Response(body, content_type=mimetype)
    response.headers["Content-Disposition"] = name.content_disposition()
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
