"""When two names are the same name: one rule for every company and prospect of an organisation.

Two names are the same when they differ only in case, accents, compatibility forms, invisible
format characters or spacing: "Zürich Bank", "ZURICH  BANK", "Zu\u0308rich Bank" (a combining
diaeresis), "Ｚürich Bank" (full width) and "Zürich Bank\u200b" are all one name. The rule is
Unicode's: NFKD decomposition, then every combining mark (category Mn) and format character
(Cf: zero-width spaces and joiners, bidi controls) dropped, then case folding, twice over
because case folding can produce new decomposable letters, then runs of white space made one.

:func:`name_key` is what the database stores beside the name (``companies.name_key``, unique
per organisation), so that the rule holds for every writer and under concurrent saves: a
fixed-width digest of the folded name, because an index cannot take every folded name (NFKD
can turn one character into eighteen).
"""

from __future__ import annotations

import hashlib
import unicodedata

_DROPPED = frozenset({"Mn", "Cf"})


def _strip(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) not in _DROPPED)


def fold_name(name: str) -> str:
    """The name as compared: no case, no accents, no invisible characters, single spaces."""
    folded = _strip(_strip(name).casefold()).casefold()
    return " ".join(folded.split())


def name_key(name: str) -> str:
    """The stored key of a name: equal for two names exactly when :func:`fold_name` is."""
    return hashlib.sha256(fold_name(name).encode()).hexdigest()


def same_name(a: str, b: str) -> bool:
    return fold_name(a) == fold_name(b)
