"""Company forms: what the leader types, validated field by field."""

from __future__ import annotations

from flask_babel import lazy_gettext
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..input_guard import AppForm, AppSubForm
from ..models import CompanyKind

# In the page's language (the companies list is translated: survey_app/i18n.py).
KIND_LABELS = {
    CompanyKind.OWN: lazy_gettext("Our own company"),
    CompanyKind.CUSTOMER: lazy_gettext("Customer"),
    CompanyKind.PROSPECT: lazy_gettext("Prospect"),
}
TEAMS_HELP = lazy_gettext("One team per line, for example Sales, Presales, Customer success.")


class _CompanyFields(AppForm):
    name = StringField(lazy_gettext("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        lazy_gettext("Kind"),
        choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
        validators=[DataRequired()],
    )
    industry = StringField(lazy_gettext("Industry"), validators=[Optional(), Length(max=120)])
    notes = TextAreaField(
        lazy_gettext("Notes"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 3}
    )


class CompanyCreateForm(_CompanyFields):
    # "Team names": the fieldset around it is already headed "Teams".
    teams = TextAreaField(
        lazy_gettext("Team names"), validators=[Length(max=20000)], render_kw={"rows": 5}
    )


class TeamRowForm(AppSubForm):
    """One existing team on the edit page: rename it or tick it for removal."""

    id = HiddenField()
    name = StringField(
        lazy_gettext("Team name")
    )  # checked by the service, next to the other team rules
    remove = BooleanField(lazy_gettext("Remove"))


class CompanyEditForm(_CompanyFields):
    existing = FieldList(FormField(TeamRowForm), min_entries=0)
    new_teams = TextAreaField(
        lazy_gettext("Add teams"), validators=[Length(max=20000)], render_kw={"rows": 3}
    )
    # The company's version when the page was loaded (survey_app/editing.py).
    version = HiddenField()
    # Sent by the confirmation button of a change of kind (survey_app/companies/kind_change.py).
    kind_confirmed = HiddenField()
