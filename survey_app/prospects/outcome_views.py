"""Recording a prospect's deal outcome: won, lost or no decision, with the date, size and note."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from werkzeug.wrappers import Response
from wtforms import (
    DateField,
    Field,
    IntegerField,
    RadioField,
    SelectChoice,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..auth.access import roles_required
from ..input_guard import AppForm
from ..models import OUTCOME_LABELS, Outcome
from . import outcomes, services
from .blueprint import EVERYONE, bp
from .forms import DEAL_SIZE_MAX, range_error


def _not_in_future(form: Any, field: Field) -> None:
    if field.data and field.data > date.today():
        raise ValidationError(_("The outcome date cannot be in the future."))


class OutcomeForm(AppForm):
    outcome = RadioField(
        lazy_gettext("Outcome"),
        choices=[SelectChoice(o.value, label) for o, label in OUTCOME_LABELS.items()],
        validators=[InputRequired(message=lazy_gettext("Choose how the deal ended."))],
    )
    closed_on = DateField(
        lazy_gettext("Outcome date"),
        validators=[
            DataRequired(message=lazy_gettext("Enter the date the deal ended.")),
            _not_in_future,
        ],
    )
    deal_size = IntegerField(
        lazy_gettext("Deal size"),
        validators=[
            InputRequired(message=lazy_gettext("Enter the deal size (0 if there was none).")),
            NumberRange(min=0, max=DEAL_SIZE_MAX, message=range_error(0, DEAL_SIZE_MAX)),
        ],
        render_kw={"inputmode": "numeric", "min": 0},
    )
    note = TextAreaField(
        lazy_gettext("Note"),
        validators=[Optional(), Length(max=outcomes.NOTE_MAX)],
        render_kw={"rows": 3},
    )


@bp.route("/<int:prospect_id>/outcome", methods=["GET", "POST"])
@roles_required(*EVERYONE)
def outcome(prospect_id: int) -> Response | str:
    """The outcome form; saving it again corrects the outcome recorded before."""
    prospect = services.get_prospect(prospect_id)
    if not services.can_manage(prospect):
        abort(403)
    stored = outcomes.outcome_of(prospect)
    form = OutcomeForm(obj=stored if request.method == "GET" else None)
    if request.method == "GET":
        if stored is None:
            form.closed_on.data = date.today()
            form.deal_size.data = prospect.deal_size
        else:
            form.outcome.data = Outcome(stored.outcome).value
    if form.validate_on_submit():
        data = outcomes.OutcomeInput(
            outcome=Outcome(form.outcome.data),
            closed_on=form.closed_on.data,  # type: ignore[arg-type]
            deal_size=form.deal_size.data,  # type: ignore[arg-type]
            note=form.note.data or "",
        )
        try:
            outcomes.record_outcome(prospect, data, date.today())
        except outcomes.OutcomeError as refused:
            for name, messages in refused.errors.items():
                form[name].errors = [*form[name].errors, *messages]
        else:
            flash(
                _(
                    "Outcome saved: %(outcome)s. The pipeline's track record counts it.",
                    outcome=str(OUTCOME_LABELS[data.outcome]).lower(),
                ),
                "success",
            )
            return redirect(url_for("prospects.detail", prospect_id=prospect.id))
    return render_template("prospects/outcome.html", form=form, prospect=prospect, stored=stored)
