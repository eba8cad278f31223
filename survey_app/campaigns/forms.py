"""Campaign and invitation forms. Choices that depend on the data are set by the view."""

from __future__ import annotations

from flask_babel import gettext
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
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

from ..i18n import LANGUAGES, LazyText, current_language, lazy_gettext
from ..input_guard import AppForm
from ..models.campaigns import MAX_K, MAX_REPEAT_WEEKS, MIN_K, REMINDER_MESSAGE_MAX
from ..text import page_number
from .reminder_days import parse_schedule

MAX_LINKS = 500
MAX_OPEN_CAP = 100_000


def range_message(low: int, high: int) -> LazyText:
    """What a number field says out of range, in the page's language when it is shown."""
    return LazyText(
        lambda: gettext(
            "Enter a number from %(low)s to %(high)s.", low=page_number(low), high=page_number(high)
        )
    )


def _optional_int(value: object) -> int | None:
    """Coerce a select value to an int; the blank "no team" option becomes None."""
    if value in (None, "", "None"):
        return None
    return int(value)  # type: ignore[call-overload]


def _at_least_one(form: object, field: SelectMultipleField) -> None:
    """Like DataRequired, without the ``required`` attribute that would demand every box."""
    if not field.data:
        raise StopValidation(gettext("Choose at least one instrument."))


def _schedule(form: object, field: StringField) -> None:
    try:
        parse_schedule(field.data or "")
    except ValueError as error:
        raise StopValidation(str(error)) from error


def _named(code: str, name: str, english: LazyText) -> LazyText:
    """A language by its own name, then in the page's language: "Español (Spanish)"; on a page
    in that language, its name alone ("Français")."""
    return LazyText(lambda: name if current_language() == code else f"{name} ({english})")


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes; the template renders it in a fieldset with a legend."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CampaignForm(AppForm):
    company_id = SelectField(
        lazy_gettext("Company"),
        coerce=_optional_int,
        validators=[InputRequired(message=lazy_gettext("Choose a company."))],
        invalid_choice_message=lazy_gettext("Choose one of your companies."),
    )
    title = StringField(lazy_gettext("Title"), validators=[DataRequired(), Length(max=200)])
    instruments = MultiCheckboxField(
        lazy_gettext("Instruments"),
        validators=[_at_least_one],
        invalid_choice_message=lazy_gettext("Choose among the instruments shown."),
    )
    teams = MultiCheckboxField(
        lazy_gettext("Teams"),
        coerce=int,
        validators=[Optional()],
        invalid_choice_message=lazy_gettext("Choose teams of this company only."),
    )
    # Each language by its own name, then in English for the leader (survey_app/i18n.py).
    languages = MultiCheckboxField(
        lazy_gettext("Languages respondents may answer in"),
        choices=[
            SelectChoice(code, name if code == "en" else _named(code, name, english))
            for (code, name), english in zip(
                LANGUAGES.items(),
                (None, lazy_gettext("Spanish"), lazy_gettext("French"), lazy_gettext("German")),
                strict=True,
            )
        ],
        # None ticked (or a form from before this field) offers all four, as a new campaign does.
        validators=[Optional()],
        invalid_choice_message=lazy_gettext("Choose among the languages shown."),
    )
    opens_on = DateField(lazy_gettext("Opens on"), validators=[Optional()])
    closes_on = DateField(lazy_gettext("Closes on"), validators=[Optional()])
    min_group_size = IntegerField(
        lazy_gettext("Minimum group size (k)"),
        validators=[
            InputRequired(message=range_message(MIN_K, MAX_K)),
            NumberRange(MIN_K, MAX_K, message=range_message(MIN_K, MAX_K)),
        ],
        render_kw={"min": MIN_K, "max": MAX_K, "inputmode": "numeric"},
    )
    reminder_days = StringField(
        lazy_gettext("Automatic reminders, in days before closing"),
        validators=[Optional(), Length(max=40), _schedule],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    reminder_message = TextAreaField(
        lazy_gettext("Reminder message"),
        validators=[Optional(), Length(max=REMINDER_MESSAGE_MAX)],
        render_kw={"rows": 3, "maxlength": REMINDER_MESSAGE_MAX},
    )
    repeat_weeks = IntegerField(
        lazy_gettext("Repeat every (weeks)"),
        validators=[
            Optional(),
            NumberRange(1, MAX_REPEAT_WEEKS, message=range_message(1, MAX_REPEAT_WEEKS)),
        ],
        render_kw={"min": 1, "max": MAX_REPEAT_WEEKS, "inputmode": "numeric"},
    )
    # One optional comment box per instrument (survey_app/comments): on, and its question.
    scorecard_comment = BooleanField(lazy_gettext("Ask for a comment after the Teamwork Scorecard"))
    scorecard_prompt = StringField(
        lazy_gettext("Its question"), validators=[Optional(), Length(max=300)]
    )
    enemies_comment = BooleanField(
        lazy_gettext("Ask for a comment after the Enemies of Teamwork checklist")
    )
    enemies_prompt = StringField(
        lazy_gettext("Its question"), validators=[Optional(), Length(max=300)]
    )
    # The campaign's version when the edit page was loaded (survey_app/editing.py).
    version = HiddenField()

    COMMENT_FIELDS = (
        ("teamwork_scorecard", "scorecard_comment", "scorecard_prompt"),
        ("enemies_of_teamwork", "enemies_comment", "enemies_prompt"),
    )

    def comment_prompts(self) -> dict[str, str]:
        """instrument key -> the question of its comment box, for the boxes ticked."""
        return {
            key: (self[prompt].data or "").strip()
            for key, box, prompt in self.COMMENT_FIELDS
            if self[box].data
        }

    def show_comment_prompts(self, prompts: dict[str, str]) -> None:
        """Fill the comment fields: ticked with their question, else the suggested one."""
        from ..models.comments import DEFAULT_PROMPTS

        for key, box, prompt in self.COMMENT_FIELDS:
            self[box].data = key in prompts
            self[prompt].data = prompts.get(key) or DEFAULT_PROMPTS[key]

    def schedule(self) -> list[int]:
        """The reminder days as entered (validated already)."""
        return parse_schedule(self.reminder_days.data or "")


class TeamChoiceMixin:
    team_id = SelectField(
        lazy_gettext("Team"),
        coerce=_optional_int,
        validators=[Optional()],
        invalid_choice_message=lazy_gettext("Choose one of the campaign's teams."),
    )


class EmailsForm(TeamChoiceMixin, AppForm):
    emails = TextAreaField(
        lazy_gettext("Email addresses"),
        validators=[
            DataRequired(message=lazy_gettext("Paste at least one email address.")),
            Length(max=100_000),
        ],
        render_kw={"rows": 6, "autocomplete": "off", "spellcheck": "false"},
    )


class ResendForm(AppForm):
    emails = TextAreaField(
        lazy_gettext("Email addresses of people invited"),
        validators=[
            DataRequired(
                message=lazy_gettext("Enter the email address of at least one person invited.")
            ),
            Length(max=100_000),
        ],
        render_kw={"rows": 3, "autocomplete": "off", "spellcheck": "false"},
    )


class CsvForm(AppForm):
    file = FileField(lazy_gettext("CSV file"), render_kw={"accept": ".csv,text/csv,text/plain"})


class LinksForm(TeamChoiceMixin, AppForm):
    count = IntegerField(
        lazy_gettext("Number of links"),
        default=10,
        validators=[
            InputRequired(message=range_message(1, MAX_LINKS)),
            NumberRange(1, MAX_LINKS, message=range_message(1, MAX_LINKS)),
        ],
        render_kw={"min": 1, "max": MAX_LINKS, "inputmode": "numeric"},
    )


class OpenLinkForm(AppForm):
    cap = IntegerField(
        lazy_gettext("Maximum number of responses"),
        validators=[
            Optional(),
            NumberRange(1, MAX_OPEN_CAP, message=range_message(1, MAX_OPEN_CAP)),
        ],
        render_kw={"min": 1, "max": MAX_OPEN_CAP, "inputmode": "numeric"},
    )


class ReopenForm(AppForm):
    closes_on = DateField(lazy_gettext("New closing date"), validators=[Optional()])


class ActionForm(AppForm):
    """A bare form for a POST button: only the CSRF token."""
