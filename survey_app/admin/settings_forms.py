"""The organisation settings form: each number in its range, and the bands in order."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from ..branding import BrandingError, clean_accent
from ..i18n import lazy_gettext
from ..input_guard import AppForm
from ..models.campaigns import MAX_K, MIN_K
from ..models.settings import PAPERS

PAPER_LABELS = {"a4": "A4", "letter": lazy_gettext("US Letter")}


def _whole(label: str, low: int, high: int) -> IntegerField:
    message = lazy_gettext("Enter a whole number from %(low)s to %(high)s.", low=low, high=high)
    return IntegerField(
        label,
        validators=[InputRequired(message), NumberRange(low, high, message)],
        render_kw={"min": low, "max": high, "inputmode": "numeric"},
    )


class SettingsForm(AppForm):
    name = StringField(
        lazy_gettext("Organisation name"), validators=[DataRequired(), Length(max=200)]
    )
    min_group_size = _whole(lazy_gettext("Default minimum group size (k)"), MIN_K, MAX_K)
    own_at_risk = _whole(lazy_gettext("At risk from"), 1, 99)
    own_toxic = _whole(lazy_gettext("Toxic from"), 2, 100)
    prospect_at_risk = _whole(lazy_gettext("Pursue with caution from"), 1, 99)
    prospect_toxic = _whole(lazy_gettext("Walk away from"), 2, 100)
    widespread = _whole(lazy_gettext("An enemy counts as widespread when seen by (%)"), 1, 99)
    dominant = _whole(lazy_gettext("An enemy counts as dominant when seen by (%)"), 2, 100)
    widespread_count = _whole(
        lazy_gettext("Widespread enemies that make it Toxic / Walk away"), 2, 20
    )
    comment_threshold = _whole(lazy_gettext("Comments are shown from (responses)"), MIN_K, 100)
    paper = SelectField(
        lazy_gettext("Default paper size"),
        choices=[SelectChoice(p, PAPER_LABELS[p]) for p in PAPERS],
    )
    accent = StringField(
        lazy_gettext("Accent colour"),
        validators=[Length(max=7)],
        render_kw={"placeholder": "#0a3a75", "spellcheck": "false", "autocomplete": "off"},
    )
    logo = FileField(
        lazy_gettext("Logo (PNG or SVG)"),
        render_kw={"accept": ".png,.svg,image/png,image/svg+xml"},
    )
    remove_logo = BooleanField(lazy_gettext("Remove the logo"))

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        pairs = (
            (self.own_at_risk, self.own_toxic, _("At risk"), _("Toxic")),
            (self.prospect_at_risk, self.prospect_toxic, _("Pursue with caution"), _("Walk away")),
            (self.widespread, self.dominant, _("Widespread"), _("dominant")),
        )
        for low, high, low_name, high_name in pairs:
            if low.errors or high.errors or low.data is None or high.data is None:
                continue
            if low.data >= high.data:
                high.errors = [
                    *high.errors,
                    _(
                        "%(high)s must start above %(low)s (%(value)s): enter a number from "
                        "%(next)s to 100.",
                        high=high_name,
                        low=low_name,
                        value=low.data,
                        next=low.data + 1,
                    ),
                ]
                ok = False
        k, comments = self.min_group_size, self.comment_threshold
        checked = not (k.errors or comments.errors) and None not in (k.data, comments.data)
        if checked and comments.data < k.data:
            comments.errors = [
                *comments.errors,
                _(
                    "Comments need at least as many responses as any other result: enter "
                    "%(k)s (the minimum group size) or more.",
                    k=k.data,
                ),
            ]
            ok = False
        try:
            self.accent.data = clean_accent(self.accent.data or "") or ""
        except BrandingError as exc:
            self.accent.errors = [*self.accent.errors, str(exc)]
            ok = False
        return ok
