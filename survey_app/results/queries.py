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


@dataclass(frozen=True)
class CampaignCounts:
    """What a campaign's results are made from: the counts shown, and how many were received."""

    groups: dict[int, GroupCounts]  # per team key (0 = no team): the counts to show
    received: dict[int, int]  # per team key: every response stored, published or not


def campaign_counts(campaign_id: int, published: bool = False) -> CampaignCounts:
    """Counts per team key, ``published`` ones (an open campaign's snapshot) or all of them.

    Reads a few hundred rows, whatever the response count.
    """
    groups: dict[int, GroupCounts] = defaultdict(GroupCounts)
    received: dict[int, int] = {}
    responses, answers = ResponseTally.__table__.c, AnswerTally.__table__.c
    for team_key, count, shown in db.session.execute(
        select(responses.team_key, responses.count, responses.published_count).where(
            responses.campaign_id == campaign_id
        )
    ):
        received[team_key] = count
        if shown if published else count:
            groups[team_key].responses = shown if published else count
    answer_count = answers.published_count if published else answers.count
    for team_key, item, dim, value, count in db.session.execute(
        select(
            answers.team_key, answers.item_key, answers.dimension, answers.value, answer_count
        ).where(answers.campaign_id == campaign_id, answer_count > 0)
    ):
        groups[team_key].distributions.setdefault((item, dim), {})[value] = count
    return CampaignCounts(dict(groups), received)


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
