"""Aggregation queries: a campaign's tallies, by team, in two small reads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from ..extensions import db
from ..models import AnswerTally, ResponseTally

Distribution = dict[int, int]  # answer value -> number of respondents


@dataclass
class GroupCounts:
    """The counts of one group of responses (a team, or several teams added up)."""

    responses: int = 0
    distributions: dict[tuple[str, str], Distribution] = field(default_factory=dict)

    def distribution(self, item_key: str, dimension: str) -> Distribution:
        return self.distributions.get((item_key, dimension), {})


def campaign_counts(campaign_id: int) -> dict[int, GroupCounts]:
    """Counts per team key (0 = no team). Reads a few hundred rows, whatever the response count."""
    groups: dict[int, GroupCounts] = defaultdict(GroupCounts)
    for team_key, count in db.session.execute(
        select(ResponseTally.team_key, ResponseTally.count).where(
            ResponseTally.campaign_id == campaign_id
        )
    ):
        groups[team_key].responses = count
    for team_key, item, dim, value, count in db.session.execute(
        select(
            AnswerTally.team_key,
            AnswerTally.item_key,
            AnswerTally.dimension,
            AnswerTally.value,
            AnswerTally.count,
        ).where(AnswerTally.campaign_id == campaign_id)
    ):
        groups[team_key].distributions.setdefault((item, dim), {})[value] = count
    return dict(groups)


def combine(groups: Iterable[GroupCounts]) -> GroupCounts:
    """Add groups up (a whole campaign, or a filter over several teams)."""
    total = GroupCounts()
    for group in groups:
        total.responses += group.responses
        for key, dist in group.distributions.items():
            into = total.distributions.setdefault(key, {})
            for value, count in dist.items():
                into[value] = into.get(value, 0) + count
    return total
