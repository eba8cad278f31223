"""The deck's agenda slides as lines of text, in the language the deck is rendered in (inside
``i18n.rendering_in``): each agenda item's lines, or why it is empty."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from ..i18n import current_language, lazy_gettext
from ..models import Action, TargetKind
from ..reports.formatting import day, pct, signed
from .agenda import Agenda

MEASURE = {  # within a sentence
    TargetKind.PRACTICE: lazy_gettext("execution"),
    TargetKind.ENEMY: lazy_gettext("seen by"),
}
# A status inside a sentence is lower case, except in German, whose nouns keep their capital.
CAPITALISED = frozenset({"de"})


def _status(action: Action) -> str:
    label = action.status.label
    return label if current_language() in CAPITALISED else label.lower()


def _open_action(action: Action, today: date) -> str:
    names = {
        "title": action.title,
        "owner": action.owner_label,
        "day": day(action.due_on),
        "status": _status(action),
    }
    if action.overdue(today):
        return _("%(title)s \u2014 %(owner)s, due %(day)s, %(status)s (overdue)", **names)
    return _("%(title)s \u2014 %(owner)s, due %(day)s, %(status)s", **names)


def _enemy(text: str, share: float, source: str) -> str:
    if source == "assessments":
        return _(
            "%(enemy)s \u2014 seen by %(share)s of the assessments", enemy=text, share=pct(share)
        )
    return _("%(enemy)s \u2014 seen by %(share)s of the raters", enemy=text, share=pct(share))


def agenda_lines(agenda: Agenda) -> dict[int, list[str]]:
    """Each agenda item's lines (1-5), or the one line saying why it is empty."""
    today = date.today()
    items: dict[int, list[str]] = {
        1: [_open_action(a, today) for a in agenda.open_actions],
        2: [
            _(
                "%(practice)s \u2014 gap %(gap)s (importance %(importance)s, "
                "execution %(execution)s)",
                practice=g.text,
                gap=signed(g.gap),
                importance=pct(g.importance_pct),
                execution=pct(g.execution_pct),
            )
            for g in agenda.gaps
        ],
        3: [_enemy(e.text, e.prevalence_pct, agenda.enemies_source) for e in agenda.enemies],
        4: [
            _(
                "%(item)s \u2014 %(measure)s %(before)s \u2192 %(after)s (%(change)s)",
                item=c.text,
                measure=str(MEASURE[c.kind]),
                before=pct(c.before),
                after=pct(c.after),
                change=signed(c.delta),
            )
            for c in agenda.changes
        ],
        # The scribe's decisions, then the new actions recorded in the session (its page's
        # "New actions from this session"), so the deck holds all the session produced.
        5: [
            *(d.text for d in agenda.session.decisions),
            *(
                _(
                    "New action: %(title)s \u2014 %(owner)s, due %(day)s",
                    title=a.title,
                    owner=a.owner_label,
                    day=day(a.due_on),
                )
                for a in agenda.session.actions
            ),
        ],
    }
    if agenda.changes and agenda.previous_title:
        items[4].insert(
            0,
            _(
                "Compared with %(wave)s: a comparison, not proof of cause.",
                wave=agenda.previous_title,
            ),
        )
    for n in items:
        items[n] = items[n] or [agenda.empty.get(n, "")]
    return items
