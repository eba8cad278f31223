"""The pre-read: the session's agenda on two pages of paper, through the report engine.

Page one says who, when and how (the roles, the horizon, the seeds' rules), the open actions and
the three largest gaps beside the quadrant chart; page two the enemies seen by more than a third,
what changed since the previous wave, and room for the decisions. Lists are capped so that the
pre-read is always two pages; the session page holds the rest. Built inside
``i18n.rendering_in``, it is in that language (the seeds' sentences as the session page shows
them, the practices and enemies in the instruments' own translations, its dates and numbers).
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from ..bidi import isolate
from ..downloads import download_name
from ..i18n import current_language
from ..reports import formatting
from ..reports.content import ReportContent, chart
from ..text import page_number
from . import wording
from .agenda import Agenda

# What fits: more are counted ("and 3 more on the session page"), never squeezed onto a page 3.
MAX_ACTIONS, MAX_ENEMIES, MAX_CHANGES, MAX_DECISIONS = 5, 5, 6, 5
CHART_HEIGHTS = {"ipa": 250, "enemies": 250}
PREREAD_CHARTS = ("ipa", "enemies")  # the change is its table; the deck shows its chart


def title_of(agenda: Agenda) -> str:
    session = agenda.session
    subject = session.campaign.title if session.campaign is not None else _("Deal review")
    return f"{isolate(session.company.name)} \u00b7 {isolate(subject)}"


def preread_content(agenda: Agenda) -> ReportContent:
    session = agenda.session
    subject = session.campaign.title if session.campaign is not None else "deal-review"
    content = ReportContent(
        template="strategy_sessions/preread.html",
        title=title_of(agenda),
        language=current_language(),  # render_html lays it out in it
        filename=download_name(
            session.company.name,
            subject,
            f"pre-read-{session.held_on:%Y-%m-%d}",
            suffix=".pdf",
            default="pre-read",
        ),
    )
    content.context = {
        "a": agenda,
        "s": session,
        "company": session.company,
        "wording": wording,
        "fmt": formatting,
        "number": page_number,
        "today": date.today(),
        "caps": {
            "actions": MAX_ACTIONS,
            "enemies": MAX_ENEMIES,
            "changes": MAX_CHANGES,
            "decisions": MAX_DECISIONS,
        },
    }
    for name, figure in agenda.figures.items():
        if name not in PREREAD_CHARTS:
            continue
        copy = type(figure)(figure)  # the page's figure stays as it was
        copy.update_layout(title={"text": ""}, margin={"t": 16, "b": 40})
        if name == "ipa":
            copy.update_shapes(layer="above")  # crosshairs above the grid on paper
        content.charts[name] = chart(copy, height=CHART_HEIGHTS.get(name, 260))
    return content
