"""An organisation's settings: bands, paper, accent colour and logo (``/admin/settings``).

One row per organisation, made the first time an admin saves; until then every reader gets
the defaults (:func:`survey_app.org_settings.settings_of`). The default k and the name stay on
``organizations`` (``min_group_size``, ``name``), where they already were.

A campaign copies the own-company bands into ``campaigns.band_thresholds`` when it is created
and again when it opens, so that a later change applies to new campaigns only.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from ..extensions import db
from ..scoring.bands import DEFAULT_THRESHOLDS, BandThresholds
from ._types import utcnow

PAPERS = ("a4", "letter")
BAND_FIELDS = ("at_risk", "toxic", "widespread", "dominant", "widespread_count")


def thresholds_json(thresholds: BandThresholds = DEFAULT_THRESHOLDS) -> dict[str, int]:
    """Thresholds as stored on a campaign: whole numbers, by field name."""
    return {name: int(getattr(thresholds, name)) for name in BAND_FIELDS}


def thresholds_from(data: dict[str, Any] | None) -> BandThresholds:
    """The stored thresholds back as :class:`BandThresholds`; missing fields take the
    defaults (a row written before a field existed)."""
    values = {**thresholds_json(), **{k: v for k, v in (data or {}).items() if k in BAND_FIELDS}}
    return BandThresholds(**values)


def default_bands() -> dict[str, int]:
    """A callable column default: a new dict per row."""
    return thresholds_json()


# The same defaults in SQL, for rows written without the ORM and for the migration's backfill.
# json.dumps' own ": " separators: a ":20" in SQL text would read as a bind parameter when a
# batch migration copies the default.
DEFAULT_BANDS_SQL = text("'" + json.dumps(thresholds_json()) + "'")


class OrgSettings(db.Model):  # type: ignore[name-defined]
    __tablename__ = "organization_settings"
    __table_args__ = (
        CheckConstraint("own_at_risk > 0 AND own_at_risk < own_toxic AND own_toxic <= 100",
                        name="own_bands"),
        CheckConstraint("prospect_at_risk > 0 AND prospect_at_risk < prospect_toxic "
                        "AND prospect_toxic <= 100", name="prospect_bands"),
        CheckConstraint("widespread > 0 AND widespread < dominant AND dominant <= 100",
                        name="prevalence"),
        CheckConstraint("widespread_count BETWEEN 2 AND 20", name="widespread_count"),
        CheckConstraint("paper IN ('a4', 'letter')", name="paper"),
    )  # fmt: skip

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    own_at_risk: Mapped[int] = mapped_column(default=20)
    own_toxic: Mapped[int] = mapped_column(default=40)
    prospect_at_risk: Mapped[int] = mapped_column(default=20)
    prospect_toxic: Mapped[int] = mapped_column(default=40)
    widespread: Mapped[int] = mapped_column(default=50)
    dominant: Mapped[int] = mapped_column(default=75)
    widespread_count: Mapped[int] = mapped_column(default=3)
    comment_threshold: Mapped[int] = mapped_column(default=8, server_default="8")
    paper: Mapped[str] = mapped_column(String(10), default="a4")
    accent: Mapped[str | None] = mapped_column(String(7))  # "#rrggbb", checked for contrast
    # The logo, always a PNG re-encoded here (survey_app/branding.py); deferred: the pages
    # read the settings on every request, the bytes only when the logo itself is asked for.
    logo_png: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    logo_width: Mapped[int | None]
    logo_height: Mapped[int | None]
    logo_version: Mapped[int] = mapped_column(default=0)  # in the logo's URL: a new one shows
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def thresholds(self, prospect: bool = False) -> BandThresholds:
        """The bands of own-company campaigns, or (``prospect``) of prospect assessments."""
        return BandThresholds(
            at_risk=self.prospect_at_risk if prospect else self.own_at_risk,
            toxic=self.prospect_toxic if prospect else self.own_toxic,
            widespread=self.widespread,
            dominant=self.dominant,
            widespread_count=self.widespread_count,
        )
