"""Property: a band, a verdict or a summary sentence never contradicts the numbers beside it.

Hypothesis draws random campaigns (k, which instruments, how many raters, how often each enemy
is ticked, aimed at the 50% and 75% edges) and random prospect assessments. Each is stored, then
read back as a reader would: the dashboard page, the campaign report's HTML (what the PDF lays
out), the prospect page and the pipeline. The checks re-derive the band from the numbers *as the
page prints them*, with DESIGN.md's rule written out here independently of the app's code.
"""

from __future__ import annotations

import html
import random
import re
import secrets
from dataclasses import dataclass
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert

from survey_app.extensions import db
from survey_app.instruments import ENEMIES, SCORECARD, latest_versions
from survey_app.models import Answer, Response
from survey_app.prospects.verdict import Confidence
from survey_app.reports.campaign import campaign_report
from survey_app.reports.document import render_html
from survey_app.results.tallies import rebuild_tallies
from tests import factories

SHAPES = ((SCORECARD, ENEMIES), (SCORECARD,), (ENEMIES,))
LEVELS = {"Healthy": 0, "At risk": 1, "Toxic": 2, "Pursue": 0, "Pursue with caution": 1,
          "Walk away": 2}  # fmt: skip
SHARES = (0.0, 0.34, 0.5, 0.6, 0.75, 1.0)  # tick probabilities near the rule's edges


def expected_level(risk: int | None, shares: list[int]) -> int:
    """DESIGN.md "Bands", on the printed whole numbers."""
    by_index = 0 if risk is None else 2 if risk >= 40 else 1 if risk >= 20 else 0
    widespread = [s for s in shares if s >= 50]
    by_prevalence = (
        2 if any(s >= 75 for s in shares) or len(widespread) >= 3 else int(bool(widespread))
    )
    return max(by_index, by_prevalence)


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def between(page: str, start: str, end: str) -> str:
    assert start in page, f"{start!r} is not on the page"
    return page.split(start, 1)[1].split(end, 1)[0]


def check_sentence(sentence: str, shares: dict[str, int]) -> None:
    """Every "Name (NN%)" a band sentence quotes is the figure the table prints for it, and no
    sentence denies a widespread enemy the table shows."""
    for quoted in re.finditer(r" \((\d+)%\)", sentence):
        before = sentence[: quoted.start()]
        named = [name for name in shares if before.endswith(name)]
        assert named, f"{before!r} quotes an enemy the table does not show"
        assert any(shares[name] == int(quoted.group(1)) for name in named), (before, shares)
    if any(s >= 50 for s in shares.values()):
        assert "no enemy is seen by half" not in sentence


# ---- campaigns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignPlan:
    k: int
    shape: tuple[str, ...]
    raters: int
    shares: tuple[float, ...]  # per enemy, the chance a rater ticks it
    rng: random.Random


def _sparse_shares() -> st.SearchStrategy[list[float]]:
    """Mostly unticked enemies and a few common ones, so that the Culture Risk stays low while
    an enemy may still be widespread: the case where the two readings disagree."""
    active = st.dictionaries(st.integers(0, 19), st.sampled_from(SHARES), max_size=6)
    background = st.sampled_from([0.0, 0.05, 0.2])
    return st.tuples(active, background).map(
        lambda pair: [pair[0].get(n, pair[1]) for n in range(20)]
    )


@st.composite
def campaign_plans(draw: st.DrawFn) -> CampaignPlan:
    k = draw(st.integers(min_value=3, max_value=6))
    return CampaignPlan(
        k=k,
        shape=draw(st.sampled_from(SHAPES)),
        raters=draw(st.integers(min_value=k, max_value=12)),
        shares=tuple(draw(_sparse_shares())),
        rng=draw(st.randoms(use_true_random=False)),
    )


def _store(campaign, plan: CampaignPlan) -> None:
    enemy_keys = [i.key for i in latest_versions()[ENEMIES].items_of_type("enemy")]
    chance = dict(zip(enemy_keys, plan.shares, strict=True))
    slots = [(i.key, s) for i in campaign.pinned_instruments() for s in i.slots()]
    responses, answers = [], []
    for _ in range(plan.raters):
        response_id = secrets.token_hex(16)
        responses.append(
            {
                "id": response_id,
                "campaign_id": campaign.id,
                "team_id": None,
                "submitted_on": date.today(),
                "nonce": secrets.token_hex(16),
            }
        )
        for instrument_key, slot in slots:
            if slot.dimension == "present":
                value = int(plan.rng.random() < chance[slot.item_key])
            else:
                value = plan.rng.randint(slot.min, slot.max)
            answers.append({"response_id": response_id, "instrument_key": instrument_key,
                            "item_key": slot.item_key, "dimension": slot.dimension,
                            "value": value})  # fmt: skip
    db.session.execute(insert(Response), responses)
    db.session.execute(insert(Answer), answers)
    db.session.commit()
    rebuild_tallies(campaign.id)


def _dashboard_story(page: str, shape: tuple[str, ...]) -> None:
    if ENEMIES in shape:
        rows = re.findall(
            r'<th scope="row" class="fw-normal">([^<]+)(?:<span[^>]*>[^<]*</span>)?\s*</th>'
            r'<td class="text-end">(\d+)%</td>',
            between(page, 'id="enemy-table"', "</table>"),
        )
        shares = {html.unescape(name).strip(): int(pct) for name, pct in rows}
        assert len(shares) == 20
        risk = int(text_of(between(page, 'id="kpi-risk">', "<")))
        label = text_of(between(page, 'id="kpi-band">', "</p>"))
        assert LEVELS[label] == expected_level(risk, list(shares.values())), (label, risk, shares)
        sentence = text_of(between(page, 'id="band-story">', "</p>"))
        assert sentence.startswith(f"The band is {label}:")
        check_sentence(sentence, shares)
        above_third = [n for n, s in shares.items() if s > 100 / 3]
    else:
        assert 'id="kpi-band"' not in page
        assert 'id="band-story"' not in page
        above_third = []
    concentrate = "<td>Concentrate here</td>" in page
    if 'id="recs-empty"' in page:
        empty = text_of(between(page, 'id="recs-empty">', "</p>"))
        assert not concentrate, "says no practice to concentrate on beside one"
        assert not above_third, f"says no enemy above a third beside {above_third}"
        assert ("Concentrate here" in empty) == (SCORECARD in shape)
        assert ("more than one rater in three" in empty) == (ENEMIES in shape)
    else:
        recs = between(page, 'id="recommendations"', "</section>")
        assert concentrate or above_third
        if concentrate:
            assert "Concentrate here · gap" in recs
        for name in above_third:
            assert html.escape(name) in recs or name in text_of(recs)


def _report_story(campaign, shape: tuple[str, ...]) -> None:
    page = render_html(campaign_report(campaign), images={})
    summary = text_of(between(page, "<h2>Executive summary</h2>", "</section>"))
    if ENEMIES not in shape:
        assert "The band is" not in summary
    else:
        top = re.findall(r"(\S[^.]*?) Seen by (\d+)% of the raters", summary)
        label = re.search(r"The band is (Healthy|At risk|Toxic):", summary).group(1)
        risk = int(re.search(r"Culture Risk is (\d+) out of 100", summary).group(1))
        shares = [int(p) for _, p in top]  # the three most seen: enough for every rule
        assert LEVELS[label] == expected_level(risk, shares), (label, risk, top)
        if any(s >= 50 for s in shares):
            assert "no enemy is seen by half" not in summary
    actions = text_of(between(page, "<h2>What to do next</h2>", "</section>"))
    assert "keep up the good work" not in actions.lower()
    if ENEMIES not in shape:
        assert "more than one rater in three" not in actions.split("This campaign")[0]
    if SCORECARD not in shape:
        assert "Concentrate here" not in actions.split("This campaign")[0]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=campaign_plans())
def test_campaign_band_and_sentences_follow_the_numbers_shown(
    app, leader_client, org, plan: CampaignPlan
):
    company = factories.make_company(org, teams=())
    campaign = factories.make_campaign(company, k=plan.k, with_teams=False, instruments=plan.shape)
    _store(campaign, plan)
    page = leader_client.get(f"/campaigns/{campaign.id}/dashboard").get_data(as_text=True)
    _dashboard_story(page, plan.shape)
    with app.test_request_context():
        _report_story(campaign, plan.shape)


# ---- prospects ---------------------------------------------------------------------------


@st.composite
def assessment_plans(draw: st.DrawFn) -> list[tuple[int, Confidence, tuple[str, ...]]]:
    keys = [i.key for i in latest_versions()[ENEMIES].items_of_type("enemy")]
    pool = keys[:6]  # a few enemies, so that shares pile up near the edges
    one = st.tuples(
        st.sampled_from([0, 30, 200, 400]),
        st.sampled_from(list(Confidence)),
        st.lists(st.sampled_from(pool), unique=True, max_size=5).map(tuple),
    )
    return draw(st.lists(one, min_size=1, max_size=4))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=assessment_plans())
def test_verdict_follows_the_weighted_enemies_shown(rep_client, org, rep, plan):
    prospect = factories.make_prospect(org, owner=rep)
    for days_ago, confidence, ticked in plan:
        a = factories.make_assessment(prospect, rep, ticked=ticked, days_ago=days_ago)
        a.confidence = confidence
    db.session.commit()
    page = rep_client.get(f"/prospects/{prospect.id}").get_data(as_text=True)
    verdict = between(page, 'id="verdict"', "</section>")
    label = text_of(re.search(r'<span class="verdict[^"]*">([^<]+)</span>', verdict).group(1))
    risk = int(text_of(between(verdict, 'class="risk-number">', "<")))
    reasons = between(page, 'id="reasons-h"', "</section>")
    reason = r"<strong>([^<]+)</strong>\s*<span[^>]*>· (\d+)% weighted"
    shown = {text_of(name): int(pct) for name, pct in re.findall(reason, reasons)}
    assert LEVELS[label] == expected_level(risk, list(shown.values())), (label, risk, shown)
    sentence = text_of(between(page, 'id="verdict-why">', "</p>"))
    assert sentence.startswith(f"The verdict is {label}:")
    check_sentence(sentence, shown)
    pipeline = rep_client.get("/prospects/").get_data(as_text=True)
    row = between(pipeline, html.escape(prospect.name), "</tr>")
    assert f">{label}<" in row
