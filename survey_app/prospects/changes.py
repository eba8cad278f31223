"""Prospects whose verdict the latest assessment changed, for the home page.

Nothing is stored for it: the verdict before is the verdict without the latest assessment, read
with the same bands and on the same day as the verdict now, exactly as the pipeline's trend
compares the Culture Risk. So a change shown is always one that the prospect's page explains
(its assessments, newest first), and an assessment deleted again takes its change with it. The
date of the change is the latest assessment's observation date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..models import Company
from ..org_settings import prospect_thresholds
from ..scoring import Band, RiskLevel
from . import services
from .insights import ProspectView, enemy_keys, enemy_names
from .verdict import verdict

SEVERITY = {RiskLevel.HEALTHY: 0, RiskLevel.AT_RISK: 1, RiskLevel.TOXIC: 2}


@dataclass(frozen=True)
class VerdictChange:
    prospect: Company
    before: Band
    now: Band
    changed_on: date  # the observation date of the assessment that changed it
    author: str

    @property
    def worsened(self) -> bool:
        return SEVERITY[self.now.level] > SEVERITY[self.before.level]


def verdict_change(view: ProspectView, today: date) -> VerdictChange | None:
    """The change the latest assessment made to the verdict, or None (no change, or fewer than
    two assessments: a first verdict is new, not changed)."""
    if len(view.assessments) < 2 or view.verdict.band is None:
        return None
    latest, earlier = view.assessments[0], view.assessments[1:]
    before = verdict(
        [services.observation(a) for a in earlier],
        today,
        prospect_thresholds(view.prospect.organization_id),
        enemy_keys=enemy_keys(),
        enemy_names=enemy_names(),
    ).band
    if before is None or before.level == view.verdict.band.level:
        return None
    return VerdictChange(
        view.prospect, before, view.verdict.band, latest.observed_on, latest.author.name
    )


def verdict_changes(views: Sequence[ProspectView], since: date, today: date) -> list[VerdictChange]:
    """The changes made by assessments observed on or after ``since``: worsened first, then
    the most recent."""
    found = [
        change
        for view in views
        if view.assessments and view.assessments[0].observed_on >= since
        for change in [verdict_change(view, today)]
        if change is not None
    ]
    return sorted(found, key=lambda c: (not c.worsened, -c.changed_on.toordinal()))
