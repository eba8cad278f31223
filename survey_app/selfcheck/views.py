"""The self-check page. No route takes an id: it always shows the signed-in user's own, every
self-check of theirs with its ticks and note (the history opens each one in place)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required
from werkzeug.wrappers import Response
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Length, Optional

from ..checklist import AsksBeforeNoneTicked
from ..confirm import Confirmation, confirmation_page
from ..i18n import lazy_gettext
from ..input_guard import AppForm
from ..prospects.charts import to_page
from ..prospects.insights import page_enemies
from ..text import page_day, page_number
from . import services
from .charts import self_trend_chart, self_vs_team_chart

bp = Blueprint("selfcheck", __name__, url_prefix="/self-check")


def _form_class() -> type[AppForm]:
    """A new form class per request: one box per enemy, plus a private note. Sent with no box
    ticked, it asks once whether that is right: an empty press is not a self-check."""
    fields = {f"enemy_{i.key}": BooleanField(i.text) for i in page_enemies().items_of_type("enemy")}
    fields["note"] = TextAreaField(
        lazy_gettext("A private note to myself (optional)"),
        validators=[Optional(), Length(max=services.NOTE_MAX)],
        render_kw={"rows": 2},
    )
    return type("SelfCheckForm", (AsksBeforeNoneTicked, AppForm), fields)


class EraseForm(AppForm):
    pass


@bp.route("/", methods=["GET", "POST"])
@login_required
def index() -> Response | str:
    instrument = page_enemies()
    enemies = instrument.items_of_type("enemy")
    form = _form_class()()
    if form.validate_on_submit():
        ticked = frozenset(i.key for i in enemies if form[f"enemy_{i.key}"].data)
        services.record(ticked, form["note"].data or "", date.today())
        flash(_("Saved. Only you can see your self-check."), "success")
        return redirect(url_for("selfcheck.index"))
    history = services.my_history()
    latest = history[-1] if history else None
    team = services.team_view()
    figures = {}
    if history:
        figures["trend"] = to_page(self_trend_chart([(c.taken_on, len(c.ticks)) for c in history]))
    if team and latest:
        figures["team"] = to_page(self_vs_team_chart(team.prevalence, latest.ticked, instrument))
    return render_template(
        "selfcheck/index.html",
        form=form,
        enemies=enemies,
        history=list(reversed(history)),
        latest=latest,
        team=team,
        texts={i.key: i.text for i in enemies},
        figures=figures,
    )


@bp.get("/erase", endpoint="confirm_erase")
@login_required
def confirm_erase() -> Response | tuple[str, int]:
    """What "Delete all my self-checks" deletes; the POST to the same URL is ``erase``."""
    history = services.my_history()
    if not history:
        flash(_("You have no self-check to delete."), "info")
        return redirect(url_for("selfcheck.index"))
    first, last = page_day(history[0].taken_on), page_day(history[-1].taken_on)
    notes = sum(1 for c in history if c.note)
    n = len(history)
    taken = (
        ngettext(
            "%(count)s self-check, taken on %(day)s.",
            "%(count)s self-checks, taken on %(day)s.",
            n,
            count=page_number(n),
            day=first,
        )
        if first == last
        else ngettext(
            "%(count)s self-check, from %(first)s to %(last)s.",
            "%(count)s self-checks, from %(first)s to %(last)s.",
            n,
            count=page_number(n),
            first=first,
            last=last,
        )
    )
    return confirmation_page(
        Confirmation(
            title=_("Delete all your self-checks?"),
            button=_("Delete all my self-checks"),
            cancel_url=url_for("selfcheck.index"),
            removes=[
                taken,
                ngettext(
                    "%(count)s private note.",
                    "%(count)s private notes.",
                    notes,
                    count=page_number(notes),
                ),
            ],
            keeps=[_("Nothing else: nobody else ever saw them, and no result counts them.")],
            removes_heading=_("This deletes"),
            note=_("This cannot be undone."),
            crumbs=[(_("My self-check"), url_for("selfcheck.index"))],
        )
    )


@bp.post("/erase")
@login_required
def erase() -> Response:
    if EraseForm().validate_on_submit():
        n = services.delete_mine()
        flash(
            ngettext(
                "Deleted %(count)s self-check.",
                "Deleted %(count)s self-checks.",
                n,
                count=page_number(n),
            ),
            "success",
        )
    return redirect(url_for("selfcheck.index"))
