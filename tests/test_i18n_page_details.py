"""Small pieces a French page showed in English, found by looking at the pages: the heat maps'
hidden columns, a prospect's risk chart's dates, the instruments' titles and the devices."""

from __future__ import annotations

from datetime import date

from flask import render_template_string

from survey_app.account.sessions import device_in_language
from survey_app.charts.dates import day_axis, hover_days
from survey_app.charts.heatmap import Column, _tick
from survey_app.i18n import rendering_in
from survey_app.instruments import ENEMIES, SCORECARD, latest_versions


def test_a_hidden_team_column_says_so_in_the_pages_language(app) -> None:
    hidden = Column("Inside Sales", None, None, "fewer than 5 responses")
    with app.test_request_context():
        assert _tick(hidden).endswith("<br>hidden")
        with rendering_in("fr"):
            assert _tick(hidden).endswith("<br>masqué")


def test_a_date_axis_is_spelled_in_the_pages_language(app) -> None:
    first, last = date(2026, 8, 20), date(2026, 11, 15)
    with app.test_request_context():
        assert day_axis(first, last) == {"tickformat": "%-d %b %Y", "nticks": 6}
        assert hover_days([first]) == ["20 Aug 2026"]
        with rendering_in("fr"):
            axis = day_axis(first, last)
            assert axis["ticktext"] == ["1 sept. 2026", "1 oct. 2026", "1 nov. 2026"]
            assert axis["tickvals"] == ["2026-09-01", "2026-10-01", "2026-11-01"]
            assert hover_days([first]) == ["20 août 2026"]
        with rendering_in("de"):
            long = day_axis(date(2024, 1, 5), date(2026, 12, 1))
            assert len(long["ticktext"]) <= 6
            assert long["ticktext"][0] == "01.02.2024"


def test_instruments_and_devices_are_named_in_the_pages_language(app) -> None:
    instruments = latest_versions()
    template = "{{ inst|in_page_language|attr('title') }}"
    with app.test_request_context():
        english = [
            render_template_string(template, inst=instruments[k]) for k in (SCORECARD, ENEMIES)
        ]
        assert english == [instruments[SCORECARD].title, instruments[ENEMIES].title]
        assert device_in_language("Chrome on Linux") == "Chrome on Linux"
        with rendering_in("fr"):
            french = [
                render_template_string(template, inst=instruments[k]) for k in (SCORECARD, ENEMIES)
            ]
            assert french[0] != english[0]
            assert "équipe" in french[0]
            assert device_in_language("Chrome on Linux") == "Chrome sous Linux"
            assert device_in_language("A browser") == "Un navigateur"
            assert device_in_language(None) == "Un navigateur"
