"""The deck: the session's agenda as a PowerPoint file (python-pptx) the leader presents or edits.

One slide per agenda item, in order, after a title slide and the seeds' rules for the session;
every chart of the agenda (the same Plotly builders as the page and the pre-read) is drawn by
the report engine's Chromium straight to a high-resolution PNG (PowerPoint has no portable SVG),
so its text is in Inter as Plotly laid it out: a PNG converted from the SVG by cairosvg drew it in
the machine's fonts, wider, so legends ran into each other and were cut, and the bidi isolates
around a wave's name showed as boxes. All text is in ordinary text frames, so it can be edited.
Built inside ``i18n.rendering_in``, every text and chart is in that language; what fits is
measured on the translated text (German is the longest).
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from flask_babel import gettext as _
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as Deck
from pptx.util import Emu, Inches, Pt

from ..downloads import DownloadName, download_name
from ..models import StrategySession
from ..reports.formatting import day
from ..reports.renderer import Chart, get_renderer
from ..text import page_number
from . import wording
from .agenda import Agenda
from .deck_lines import agenda_lines

PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
# The report's chart width in CSS px, at the height its builder chose (a fixed height squashed
# the 20 enemies' bars until their inside labels shrank to 4 pt); drawn at 3x, sharp. Placed
# 7.9 in wide, 12 px labels are 9 pt (at 960 px wide they were 7 pt).
CHART_WIDTH, CHART_HEIGHT = 720, 450
PNG_SCALE = 3
CHART_TIMEOUT = 60.0
TITLE_LAYOUT, CONTENT_LAYOUT, TITLE_ONLY_LAYOUT = 0, 1, 5
MAX_BULLETS = 8
SMALLEST = 10  # pt: the least a text is shrunk to fit its box before lines are left out
# A character's average width in em: a little over DejaVu Sans's, LibreOffice's stand-in for
# the theme's Calibri (narrower), so that a text estimated to fit fits in both.
CHAR_EM, LINE_EM = 0.58, 1.2
INSET_W, INSET_H = Inches(0.2), Inches(0.1)  # a text frame's insets, both sides together
MARGIN, TOP = Inches(0.5), Inches(1.4)
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)  # 16:9


def deck_filename(session: StrategySession) -> DownloadName:
    subject = session.campaign.title if session.campaign is not None else "deal-review"
    return download_name(
        session.company.name,
        subject,
        f"session-{session.held_on:%Y-%m-%d}",
        suffix=".pptx",
        default="strategy-session",
    )


def chart_pngs(agenda: Agenda) -> dict[str, bytes]:
    """Every chart of the agenda as PNG bytes, drawn by Chromium in one batch."""
    if not agenda.figures:
        return {}
    charts = {
        name: Chart(fig, CHART_WIDTH, int(fig.layout.height or CHART_HEIGHT))
        for name, fig in agenda.figures.items()
    }
    return get_renderer().render_png(charts, PNG_SCALE, timeout=CHART_TIMEOUT)


def _bullets(frame: object, lines: list[str], size: int = 18, marks: bool = True) -> None:
    """``lines`` as the paragraphs of a text frame, the first one replacing its empty one;
    without ``marks``, no bullet before each (lines that carry their own number)."""
    frame.clear()  # type: ignore[attr-defined]
    frame.word_wrap = True  # type: ignore[attr-defined]
    for n, line in enumerate(lines):
        para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()  # type: ignore[attr-defined]
        para.text = line
        for run in para.runs:  # on the run: a paragraph's default size PowerPoint snaps back to
            run.font.size = Pt(size)
        para.space_after = Pt(size // 2)
        if not marks:
            p_pr = para._p.get_or_add_pPr()  # noqa: SLF001 - python-pptx has no bullet API
            p_pr.set("marL", "0")
            p_pr.set("indent", "0")
            p_pr.insert(0, p_pr.makeelement(qn("a:buNone"), {}))


def _wrapped(text: str, per_line: int) -> int:
    """How many lines ``text`` takes, wrapped at word breaks, at ``per_line`` characters."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, 0
        while len(word) > per_line:  # a word longer than a line breaks anywhere
            lines, word = lines + 1, word[per_line:]
        used += len(word) + (1 if used else 0)
    return lines


def text_height(lines: list[str], size: float, width: int) -> float:
    """The estimated height in points of ``lines`` at ``size`` pt in a box ``width`` EMU wide,
    each paragraph followed by half a line (as :func:`_bullets` spaces them)."""
    per_line = max(1, int((width - INSET_W) / 12700 / (size * CHAR_EM)))
    return sum(_wrapped(line, per_line) * size * LINE_EM + size // 2 for line in lines)


def fitting(
    lines: list[str], size: int, width: int, height: int, head: int = 0, most: int | None = None
) -> tuple[list[str], int]:
    """The lines and the font size that fit a box: the largest size down to SMALLEST at which
    all of them (at most ``most`` after the ``head`` ones) fit, else at SMALLEST as many as fit
    and how many more there are. Without this, eight long action titles ran off the slide."""
    room = (height - INSET_H) / 12700
    body = lines[head:]

    def shown(n: int) -> list[str]:
        left = len(body) - n
        more = (
            [_("and %(count)s more on the session page", count=page_number(left))] if left else []
        )
        return [*lines[:head], *body[:n], *more]

    count = min(len(body), most or len(body))
    for pt in range(size, SMALLEST - 1, -1):
        if text_height(shown(count), pt, width) <= room:
            return shown(count), pt
    for n in range(count - 1, 0, -1):
        if text_height(shown(n), SMALLEST, width) <= room:
            return shown(n), SMALLEST
    return shown(min(count, 1)), SMALLEST


def _place(shape: object, left: int, top: int, width: int, height: int) -> None:
    """Move a layout's placeholder: the default layouts are drawn for 4:3 slides."""
    shape.left, shape.top, shape.width, shape.height = (  # type: ignore[attr-defined]
        Emu(left),
        Emu(top),
        Emu(width),
        Emu(height),
    )


def _title(prs: Deck, slide: object, text: str) -> None:
    title = slide.shapes.title  # type: ignore[attr-defined]
    width, height = SLIDE_W - 2 * MARGIN, Inches(1.0)
    _place(title, MARGIN, Inches(0.3), width, height)
    lines, size = fitting([text], 32, width, height)
    _bullets(title.text_frame, lines, size)
    title.text_frame.paragraphs[0].space_after = Pt(0)


def _text_slide(
    prs: Deck, title: str, lines: list[str], size: int = 18, marks: bool = True
) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[CONTENT_LAYOUT])
    _title(prs, slide, title)
    body = slide.placeholders[1]
    width, height = SLIDE_W - 2 * MARGIN, SLIDE_H - TOP - MARGIN
    _place(body, MARGIN, TOP, width, height)
    _bullets(body.text_frame, *fitting(lines, size, width, height), marks)


def _chart_slide(
    prs: Deck, title: str, lines: list[str], png: bytes | None, name: str, head: int = 0
) -> None:
    """Text on the left, the chart on the right (or the text across when there is no chart)."""
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    _title(prs, slide, title)
    width, height = SLIDE_W, SLIDE_H
    top, margin = TOP, MARGIN
    text_width = Emu(int(width * 0.38)) if png else Emu(width - 2 * margin)
    box = slide.shapes.add_textbox(margin, top, text_width, Emu(height - top - margin))
    fitted = fitting(lines, 16, text_width, height - top - margin, head, MAX_BULLETS)
    _bullets(box.text_frame, *fitted)
    if png:
        left = Emu(margin + text_width + Inches(0.2))
        pic_width = Emu(width - left - margin)
        picture = slide.shapes.add_picture(io.BytesIO(png), left, top, width=pic_width)
        picture.name = f"chart-{name}"
        if picture.height > height - top - margin:  # a tall chart: fit the height instead
            scale = (height - top - margin) / picture.height
            picture.height = Emu(int(picture.height * scale))
            picture.width = Emu(int(picture.width * scale))


def wording_rules() -> tuple[str, ...]:
    """The seeds' rules the "How we run this session" slide quotes, in order (English)."""
    return (
        wording.ROLES,
        wording.PARTICIPATE,
        wording.PREPARED,
        wording.HORIZON,
        wording.GROWTH,
        wording.WHY_REVIEW,
    )


def build_deck(agenda: Agenda, pngs: Mapping[str, bytes]) -> bytes:
    """The PPTX bytes of ``agenda`` with the charts ``pngs`` (by figure name)."""
    session = agenda.session
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    title = prs.slides.add_slide(prs.slide_layouts[TITLE_LAYOUT])
    wide, high, low = SLIDE_W - 2 * MARGIN, Inches(1.6), Inches(1.8)
    _place(title.shapes.title, MARGIN, Inches(1.8), wide, high)
    _place(title.placeholders[1], MARGIN, Inches(3.6), wide, low)
    name = _("Strategy session: %(company)s", company=session.company.name)
    _bullets(title.shapes.title.text_frame, *fitting([name], 40, wide, high))
    subject = agenda.campaign.title if agenda.campaign is not None else _("Deal review")
    about = [
        f"{subject} \u00b7 {day(session.held_on)} \u00b7 "
        + _("Horizon: %(horizon)s", horizon=session.horizon_label),
        _(wording.NO_REVIEW),
    ]
    _bullets(title.placeholders[1].text_frame, *fitting(about, 24, wide, low), marks=False)
    roles = []
    for role, duty in wording.ROLE_DUTIES.items():
        holder = session.holder(role)  # type: ignore[arg-type]
        roles.append(
            _(
                "%(role)s: %(name)s \u2014 %(duty)s",
                role=_(wording.ROLE_NAMES[role]),
                name=holder.label if holder else _("not assigned"),
                duty=_(duty),
            )
        )
    people = ", ".join(p.label for p in session.attendees) or _("none recorded yet")
    _text_slide(
        prs,
        _("How we run this session"),
        [
            *roles,
            _("Attendees: %(names)s", names=people),
            *(_(sentence) for sentence in wording_rules()),
        ],
        14,
    )
    agenda_items = [_(item) for item in wording.AGENDA_ITEMS]
    items = [f"{n}. {item}" for n, item in enumerate(agenda_items, 1)]
    _text_slide(prs, _("Agenda"), items, 24, marks=False)  # numbered, so no bullet besides
    lines = agenda_lines(agenda)
    charts_of = {1: None, 2: "ipa", 3: "enemies", 4: "change", 5: None}
    for n, item in enumerate(agenda_items, 1):
        name = charts_of[n]
        png = pngs.get(name) if name else None
        head = 1 if n == 4 and agenda.changes and agenda.previous_title else 0
        _chart_slide(prs, f"{n}. {item}", lines[n], png, name or "", head)
    out = io.BytesIO()
    prs.core_properties.title = name
    prs.save(out)
    return out.getvalue()


def render_deck(agenda: Agenda) -> bytes:
    """The finished deck, its charts drawn now (raises ReportError when Chromium cannot)."""
    return build_deck(agenda, chart_pngs(agenda))
