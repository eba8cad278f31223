"""The deck: the session's agenda as a PowerPoint file (python-pptx) the leader presents or edits.

One slide per agenda item, in order, after a title slide and the seeds' rules for the session;
every chart of the agenda (the same Plotly builders as the page and the pre-read) is drawn by
the report engine's chart renderer as SVG and placed as a high-resolution PNG (PowerPoint has no
portable SVG). All text is in ordinary text frames, so everything can be edited.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from pptx import Presentation
from pptx.presentation import Presentation as Deck
from pptx.util import Emu, Inches, Pt

from ..downloads import DownloadName, download_name
from ..models import StrategySession
from ..reports.formatting import day, pct, signed
from ..reports.renderer import Chart, get_renderer
from . import wording
from .agenda import Agenda

PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
CHART_PX = (960, 600)  # CSS px the chart is laid out at; drawn at 2.5x for a sharp picture
PNG_SCALE = 2.5
CHART_TIMEOUT = 60.0
TITLE_LAYOUT, CONTENT_LAYOUT, TITLE_ONLY_LAYOUT = 0, 1, 5
MAX_BULLETS = 8
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
    """Every chart of the agenda as PNG bytes, drawn in one batch."""
    import cairosvg

    if not agenda.figures:
        return {}
    charts = {name: Chart(fig, *CHART_PX) for name, fig in agenda.figures.items()}
    svgs = get_renderer().render(charts, timeout=CHART_TIMEOUT)
    return {
        name: cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=PNG_SCALE, unsafe=False)
        for name, svg in svgs.items()
    }


def _bullets(frame: object, lines: list[str], size: int = 18) -> None:
    """``lines`` as the paragraphs of a text frame, the first one replacing its empty one."""
    frame.clear()  # type: ignore[attr-defined]
    frame.word_wrap = True  # type: ignore[attr-defined]
    for n, line in enumerate(lines):
        para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()  # type: ignore[attr-defined]
        para.text = line
        para.font.size = Pt(size)
        para.space_after = Pt(size // 2)


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
    title.text = text
    _place(title, MARGIN, Inches(0.3), SLIDE_W - 2 * MARGIN, Inches(1.0))
    for para in title.text_frame.paragraphs:
        para.font.size = Pt(32)


def _text_slide(prs: Deck, title: str, lines: list[str], size: int = 18) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[CONTENT_LAYOUT])
    _title(prs, slide, title)
    body = slide.placeholders[1]
    _place(body, MARGIN, TOP, SLIDE_W - 2 * MARGIN, SLIDE_H - TOP - MARGIN)
    _bullets(body.text_frame, lines, size)


def _chart_slide(prs: Deck, title: str, lines: list[str], png: bytes | None, name: str) -> None:
    """Text on the left, the chart on the right (or the text across when there is no chart)."""
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    _title(prs, slide, title)
    width, height = SLIDE_W, SLIDE_H
    top, margin = TOP, MARGIN
    text_width = Emu(int(width * 0.38)) if png else Emu(width - 2 * margin)
    box = slide.shapes.add_textbox(margin, top, text_width, Emu(height - top - margin))
    _bullets(box.text_frame, lines, 16)
    if png:
        left = Emu(margin + text_width + Inches(0.2))
        pic_width = Emu(width - left - margin)
        picture = slide.shapes.add_picture(io.BytesIO(png), left, top, width=pic_width)
        picture.name = f"chart-{name}"
        if picture.height > height - top - margin:  # a tall chart: fit the height instead
            scale = (height - top - margin) / picture.height
            picture.height = Emu(int(picture.height * scale))
            picture.width = Emu(int(picture.width * scale))


def _capped(lines: list[str], more: str = "more on the session page") -> list[str]:
    if len(lines) <= MAX_BULLETS:
        return lines
    return [*lines[:MAX_BULLETS], f"and {len(lines) - MAX_BULLETS} {more}"]


def _lines(agenda: Agenda) -> dict[int, list[str]]:
    from datetime import date

    today = date.today()
    items: dict[int, list[str]] = {
        1: [
            f"{a.title} \u2014 {a.owner_label}, due {day(a.due_on)}, {a.status.label.lower()}"
            + (" (overdue)" if a.overdue(today) else "")
            for a in agenda.open_actions
        ],
        2: [
            f"{g.text} \u2014 gap {signed(g.gap)} (importance {pct(g.importance_pct)}, "
            f"execution {pct(g.execution_pct)})"
            for g in agenda.gaps
        ],
        3: [
            f"{e.text} \u2014 seen by {pct(e.prevalence_pct)} of the {agenda.enemies_source}"
            for e in agenda.enemies
        ],
        4: [
            f"{c.text} \u2014 {c.measure} {pct(c.before)} \u2192 {pct(c.after)} ({signed(c.delta)})"
            for c in agenda.changes
        ],
        5: [d.text for d in agenda.session.decisions],
    }
    if agenda.changes and agenda.previous_title:
        items[4].insert(
            0, f"Compared with {agenda.previous_title}: a comparison, not proof of cause."
        )
    for n in items:
        items[n] = _capped(items[n]) or [agenda.empty.get(n, "")]
    return items


def build_deck(agenda: Agenda, pngs: Mapping[str, bytes]) -> bytes:
    """The PPTX bytes of ``agenda`` with the charts ``pngs`` (by figure name)."""
    session = agenda.session
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    title = prs.slides.add_slide(prs.slide_layouts[TITLE_LAYOUT])
    title.shapes.title.text = f"Strategy session: {session.company.name}"
    wide = SLIDE_W - 2 * MARGIN
    _place(title.shapes.title, MARGIN, Inches(1.8), wide, Inches(1.6))
    _place(title.placeholders[1], MARGIN, Inches(3.6), wide, Inches(1.8))
    subject = agenda.campaign.title if agenda.campaign is not None else "Deal review"
    title.placeholders[1].text = (
        f"{subject} \u00b7 {day(session.held_on)} \u00b7 Horizon: {session.horizon_label}\n"
        f"{wording.NO_REVIEW}"
    )
    roles = []
    for role, duty in wording.ROLE_DUTIES.items():
        holder = session.holder(role)  # type: ignore[arg-type]
        roles.append(
            f"{role.capitalize()}: {holder.label if holder else 'not assigned'} \u2014 {duty}"
        )
    people = ", ".join(p.label for p in session.attendees)
    _text_slide(
        prs,
        "How we run this session",
        [
            *roles,
            f"Attendees: {people}",
            wording.ROLES,
            wording.PARTICIPATE,
            wording.PREPARED,
            wording.HORIZON,
            wording.GROWTH,
            wording.WHY_REVIEW,
        ],
        14,
    )
    _text_slide(
        prs, "Agenda", [f"{n}. {item}" for n, item in enumerate(wording.AGENDA_ITEMS, 1)], 24
    )
    lines = _lines(agenda)
    charts_of = {1: None, 2: "ipa", 3: "enemies", 4: "change", 5: None}
    for n, item in enumerate(wording.AGENDA_ITEMS, 1):
        name = charts_of[n]
        png = pngs.get(name) if name else None
        _chart_slide(prs, f"{n}. {item}", lines[n], png, name or "")
    out = io.BytesIO()
    prs.core_properties.title = f"Strategy session: {session.company.name}"
    prs.save(out)
    return out.getvalue()


def render_deck(agenda: Agenda) -> bytes:
    """The finished deck, its charts drawn now (raises ReportError when Chromium cannot)."""
    return build_deck(agenda, chart_pngs(agenda))
