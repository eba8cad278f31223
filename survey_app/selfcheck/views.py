"""The self-check page. No route takes an id: it always shows the signed-in user's own."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import login_required
from werkzeug.wrappers import Response
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Length, Optional

from ..input_guard import AppForm
from ..prospects.charts import to_page
from . import services
from .charts import self_trend_chart, self_vs_team_chart

bp = Blueprint("selfcheck", __name__, url_prefix="/self-check")


def _form_class() -> type[AppForm]:
    """A new form class per request: one box per enemy, plus a private note."""
    fields = {
        f"enemy_{i.key}": BooleanField(i.text)
        for i in services.enemies_instrument().items_of_type("enemy")
    }
    fields["note"] = TextAreaField(
        "A private note to myself (optional)",
        validators=[Optional(), Length(max=services.NOTE_MAX)],
        render_kw={"rows": 2},
    )
    return type("SelfCheckForm", (AppForm,), fields)


class EraseForm(AppForm):
    pass


@bp.route("/", methods=["GET", "POST"])
@login_required
def index() -> Response | str:
    instrument = services.enemies_instrument()
    enemies = instrument.items_of_type("enemy")
    form = _form_class()()
    if form.validate_on_submit():
        ticked = frozenset(i.key for i in enemies if form[f"enemy_{i.key}"].data)
        services.record(ticked, form["note"].data or "", date.today())
        flash("Saved. Only you can see your self-check.", "success")
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
        erase=EraseForm(),
        enemies=enemies,
        history=list(reversed(history)),
        latest=latest,
        team=team,
        texts={i.key: i.text for i in enemies},
        figures=figures,
    )


@bp.post("/erase")
@login_required
def erase() -> Response:
    if EraseForm().validate_on_submit():
        n = services.delete_mine()
        flash(f"Deleted {n} self-check{'' if n == 1 else 's'}.", "success")
    return redirect(url_for("selfcheck.index"))
