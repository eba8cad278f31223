"""Campaign and invitation forms. Choices that depend on the data are set by the view."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..input_guard import AppForm
from ..models.campaigns import MAX_K, MIN_K

MAX_LINKS = 500
MAX_OPEN_CAP = 100_000


def _optional_int(value: object) -> int | None:
    """Coerce a select value to an int; the blank "no team" option becomes None."""
    if value in (None, "", "None"):
        return None
    return int(value)  # type: ignore[call-overload]


def _at_least_one(form: object, field: SelectMultipleField) -> None:
    """Like DataRequired, without the ``required`` attribute that would demand every box."""
    if not field.data:
        raise StopValidation("Choose at least one instrument.")


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes; the template renders it in a fieldset with a legend."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CampaignForm(AppForm):
    company_id = SelectField(
        "Company",
        coerce=_optional_int,
        validators=[InputRequired(message="Choose a company.")],
        invalid_choice_message="Choose one of your companies.",
    )
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    instruments = MultiCheckboxField(
        "Instruments",
        validators=[_at_least_one],
        invalid_choice_message="Choose among the instruments shown.",
    )
    teams = MultiCheckboxField(
        "Teams",
        coerce=int,
        validators=[Optional()],
        invalid_choice_message="Choose teams of this company only.",
    )
    opens_on = DateField("Opens on", validators=[Optional()])
    closes_on = DateField("Closes on", validators=[Optional()])
    min_group_size = IntegerField(
        "Minimum group size (k)",
        validators=[
            InputRequired(message="Enter a number from 3 to 10."),
            NumberRange(MIN_K, MAX_K, message=f"Enter a number from {MIN_K} to {MAX_K}."),
        ],
        render_kw={"min": MIN_K, "max": MAX_K, "inputmode": "numeric"},
    )
    # The campaign's version when the edit page was loaded (survey_app/editing.py).
    version = HiddenField()


class TeamChoiceMixin:
    team_id = SelectField(
        "Team",
        coerce=_optional_int,
        validators=[Optional()],
        invalid_choice_message="Choose one of the campaign's teams.",
    )


class EmailsForm(TeamChoiceMixin, AppForm):
    emails = TextAreaField(
        "Email addresses",
        validators=[DataRequired(message="Paste at least one email address."), Length(max=100_000)],
        render_kw={"rows": 6, "autocomplete": "off", "spellcheck": "false"},
    )


class CsvForm(AppForm):
    file = FileField("CSV file", render_kw={"accept": ".csv,text/csv,text/plain"})


class LinksForm(TeamChoiceMixin, AppForm):
    count = IntegerField(
        "Number of links",
        default=10,
        validators=[
            InputRequired(message=f"Enter a number from 1 to {MAX_LINKS}."),
            NumberRange(1, MAX_LINKS, message=f"Enter a number from 1 to {MAX_LINKS}."),
        ],
        render_kw={"min": 1, "max": MAX_LINKS, "inputmode": "numeric"},
    )


class OpenLinkForm(AppForm):
    cap = IntegerField(
        "Maximum number of responses",
        validators=[
            Optional(),
            NumberRange(1, MAX_OPEN_CAP, message=f"Enter a number from 1 to {MAX_OPEN_CAP}."),
        ],
        render_kw={"min": 1, "max": MAX_OPEN_CAP, "inputmode": "numeric"},
    )


class ReopenForm(AppForm):
    closes_on = DateField("New closing date", validators=[Optional()])


class ActionForm(AppForm):
    """A bare form for a POST button: only the CSRF token."""
