"""Property: the comments a leader can read never single anyone out.

Hypothesis draws a campaign (k, its comment threshold, 0-2 teams) and a sequence of events:
submissions through the real submission path, each with or without a comment, and views of the
comments taken between them, as a leader, as a team-scoped leader and through a one-team
dashboard. Then:

* a view shows comments only once the campaign shows at least its threshold of responses (and
  at least k), and never to the scoped leader or the one-team view;
* no two views differ by 1 to k - 1 comments (comments are published k at a time while open),
  and a later view holds every comment of an earlier one (nothing shown is taken back);
* at close every comment is shown.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey_app.campaigns.services import close_campaign
from survey_app.comments.services import report_comments
from survey_app.extensions import db
from survey_app.models import Campaign, Team
from survey_app.results.campaign import campaign_results
from survey_app.results.scope import UNSCOPED, Viewer
from survey_app.surveys.submission import submit_response
from tests import factories

VIEW = "view"
SCORECARD = "teamwork_scorecard"


@dataclass(frozen=True)
class Plan:
    k: int
    threshold: int
    teams: int
    events: tuple[tuple[int, bool] | str, ...]  # (team index, with a comment) or VIEW


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    k = draw(st.integers(min_value=3, max_value=5))
    threshold = draw(st.integers(min_value=k, max_value=k + 4))
    teams = draw(st.integers(min_value=1, max_value=2))
    submit = st.tuples(st.integers(0, teams - 1), st.booleans())
    events = draw(st.lists(st.one_of(submit, st.just(VIEW)), min_size=1, max_size=4 * threshold))
    return Plan(k, threshold, teams, tuple(events))


def _shown(campaign: Campaign, viewer: Viewer = UNSCOPED, team: int | None = None) -> list[str]:
    db.session.expire_all()
    results = campaign_results(campaign, viewer=viewer, team=team)
    found = report_comments(campaign, results, viewer)
    return [] if found is None else found.by_instrument.get(SCORECARD, [])


def _check(views: list[list[str]], k: int) -> None:
    for i, before in enumerate(views):
        for after in views[i + 1 :]:
            assert set(before) <= set(after)  # nothing shown is taken back
            assert not 0 < len(set(after) - set(before)) < k


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=plans())
def test_views_of_comments_never_single_anyone_out(app, org, plan: Plan) -> None:  # type: ignore[no-untyped-def]
    company = factories.make_company(org, teams=tuple(f"T{n}" for n in range(plan.teams)))
    campaign = factories.make_campaign(company, k=plan.k, instruments=(SCORECARD,))
    campaign.instruments[0].comment_prompt = "What would make teamwork better?"
    campaign.comment_threshold = plan.threshold
    db.session.commit()
    teams: list[Team] = list(campaign.teams)
    scoped = Viewer(frozenset({teams[0].id}))
    views: list[list[str]] = []
    written: list[str] = []
    for event in plan.events:
        if event == VIEW:
            shown = _shown(campaign)
            responses = campaign_results(campaign).responses
            assert not shown or responses >= plan.threshold
            assert _shown(campaign, scoped) == []
            assert _shown(campaign, team=teams[0].id) == []
            views.append(shown)
            continue
        team_index, with_comment = event  # type: ignore[misc]
        invitation = factories.make_invitation(campaign, team=teams[team_index])
        text = f"comment {secrets.token_hex(4)}"
        comments = {SCORECARD: text} if with_comment else None
        answers = factories.complete_answers(campaign)
        submit_response(invitation.id, answers, teams[team_index].id, secrets.token_hex(8),
                        comments=comments)  # fmt: skip
        if with_comment:
            written.append(text)
    _check(views, plan.k)
    close_campaign(campaign)
    if campaign_results(campaign).responses >= plan.threshold:
        assert sorted(_shown(campaign)) == sorted(written)  # every comment, at close
