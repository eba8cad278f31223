"""What a template shows in English whatever the page's language: text and labels written in the
template instead of marked for translation (tests/test_i18n_pages.py).

The template is read as Jinja's own lexer reads it. Its literal parts, with every ``{{ ... }}``
replaced by a placeholder, are parsed as HTML: any text with a letter in it, and any label a
person reads or hears (``aria-label``, ``title``, ``placeholder``, ``alt``), is English left
in the page. Text inside ``{% trans %}`` is marked, and so is every argument of ``_()``,
``gettext``, ``ngettext`` and ``lazy_gettext``. Inside expressions, a capitalised string
literal (``{{ "Hidden" if ... }}``, a macro called with a heading) and the English noun given to
the ``plural`` filter are English too.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from jinja2 import Environment, meta, nodes

PLACEHOLDER = "\N{SECTION SIGN}"
READ_ATTRIBUTES = frozenset({"aria-label", "title", "placeholder", "alt"})
LETTER = re.compile(r"[^\W\d_]")
# Words that read the same in every language the app speaks.
# (A and B: the two waves a comparison names.)
SAME_IN_EVERY_LANGUAGE = frozenset({"PDF", "CSV", "XLSX", "PPTX", "k", "n", "×", "OK", "A", "B"})
PRODUCT = "Teamwork Scorecard"  # the product's name, in every language
# The gettext family, and the helpers that give a stored English key in the page's language.
GETTEXT = frozenset({"_", "gettext", "ngettext", "lazy_gettext", "pgettext", "npgettext"})
GETTEXT |= {"quadrant_name", "status_name", "role_name", "band_label"}
CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")


class _Literal(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._raw = 0  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._raw += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self._keep(f"{name}={value!r}", value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._raw = max(0, self._raw - 1)

    def handle_data(self, data: str) -> None:
        if not self._raw:
            self._keep(" ".join(data.split()), data)

    def _keep(self, shown: str, text: str) -> None:
        text = text.replace(PRODUCT, " ").replace(PLACEHOLDER, " ")
        words = [w for w in text.split() if LETTER.search(w)]
        if any(w.strip(".,:;()") not in SAME_IN_EVERY_LANGUAGE for w in words):
            self.found.append(shown)


def _literal_html(env: Environment, source: str) -> str:
    """The template with its Jinja constructs taken out: expressions as a placeholder,
    statements and comments as nothing, and the text of ``{% trans %}`` blocks dropped."""
    out: list[str] = []
    in_trans = in_block = False
    tag: list[str] = []
    for _line, kind, value in env.lex(source):
        if kind == "block_begin":
            in_block, tag = True, []
        elif kind == "block_end":
            in_block = False
            if tag[:1] == ["trans"]:
                in_trans = True
            elif tag[:1] == ["endtrans"]:
                in_trans = False
        elif in_block and kind == "name":
            tag.append(value)
        elif kind == "variable_begin":
            out.append(PLACEHOLDER)
        elif kind == "data" and not in_trans:
            out.append(value)
    # A tag whose name is an expression (``<{{ tag }} class=...>``) is still a tag.
    return "".join(out).replace("<" + PLACEHOLDER, "<x").replace("</" + PLACEHOLDER, "</x")


def _english_in_expressions(tree: nodes.Template) -> list[str]:
    marked: set[int] = set()
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in GETTEXT:
            marked.update(id(c) for arg in call.args for c in arg.find_all(nodes.Const))
            marked.update(id(arg) for arg in call.args if isinstance(arg, nodes.Const))
    found = []
    for flt in tree.find_all(nodes.Filter):
        if flt.name == "plural":
            found += [f"plural({a.value!r})" for a in flt.args if isinstance(a, nodes.Const)]
            marked.update(id(a) for a in flt.args)
    for const in tree.find_all(nodes.Const):
        value = const.value
        if id(const) not in marked and isinstance(value, str) and CAPITALISED.search(value):
            found.append(repr(value))
    return found


def untranslated(env: Environment, name: str) -> list[str]:
    """The English left in template ``name`` (not in the ones it includes or imports)."""
    source, _filename, _uptodate = env.loader.get_source(env, name)  # type: ignore[union-attr]
    parser = _Literal()
    parser.feed(_literal_html(env, source))
    parser.close()
    return parser.found + _english_in_expressions(env.parse(source))


def with_their_parts(env: Environment, names: set[str]) -> set[str]:
    """The templates and every template they extend, include or import, by constant name."""
    todo, seen = list(names), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
        todo += [n for n in meta.find_referenced_templates(env.parse(source)) if n]
    return seen
