"""The reader of English left in templates (tests/untranslated.py), and the date and number
filters of translated pages. Apart from tests/test_i18n_pages.py, whose module-wide demo app
must not share a module with the per-test app: on PostgreSQL each per-test app empties the
tables, ending the demo app's open transaction."""

from __future__ import annotations

from flask import Flask

from .untranslated import untranslated


def test_the_reader_finds_english_and_passes_marked_text() -> None:
    from jinja2 import DictLoader, Environment

    env = Environment(
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        loader=DictLoader(
            {
                "marked.html": (
                    '<h1>{{ _("Hello") }}</h1>{% trans %}Welcome back{% endtrans %}'
                    '<a href="{{ url_for("x") }}" class="btn">{{ gettext("Go") }}</a> · PDF'
                    '<span>{{ n|day }}</span><script>var x = "Some text";</script>'
                ),
                "english.html": (
                    '<h1>Hello, {{ name }}</h1><a title="Open it" href="#">{{ icon }}</a>'
                    '{{ "Hidden" if hidden else _("Shown") }}{{ n|plural("more deal") }}'
                ),
            }
        ),
    )
    assert untranslated(env, "marked.html") == []
    assert untranslated(env, "english.html") == [
        "Hello, §",
        "title='Open it'",
        "plural('more deal')",
        "'Hidden'",
    ]


def test_dates_and_numbers_are_written_as_the_pages_language_writes_them(app: Flask) -> None:
    from datetime import date, datetime

    from survey_app.i18n import rendering_in

    day, moment, number, decimal = (
        app.jinja_env.filters[n] for n in ("day", "moment", "number", "decimal")
    )
    when = datetime(2026, 12, 1, 14, 5)
    with app.test_request_context("/"):
        assert (day(date(2026, 12, 1)), moment(when), number(1000000), decimal(0.524, 2)) == (
            "1 Dec 2026",
            "1 Dec 2026, 14:05 UTC",
            "1,000,000",
            "0.52",
        )
        assert decimal(3.6) == "4"
        with rendering_in("fr"):
            assert day(date(2026, 12, 1)) == "1 déc. 2026"
            assert moment(when) == "1 déc. 2026, 14:05 UTC"
            assert number(1000000).replace("\u202f", " ") == "1 000 000"
            assert (decimal(0.524, 2), decimal(3.6)) == ("0,52", "4")
        with rendering_in("de"):
            assert day(date(2026, 12, 1)) == "01.12.2026"
            assert number(1000000) == "1.000.000"
            assert decimal(1234.5, 1) == "1234,5"
        assert day(None, "—") == "—"
