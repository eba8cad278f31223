"""The track record's arithmetic: win rate and median cycle per verdict band, and no figure at
all below five closed deals in a band (pure functions, no database)."""

from __future__ import annotations

from datetime import date, timedelta

from survey_app.models import Outcome
from survey_app.prospects.track_record import (
    MIN_DEALS,
    NOT_ASSESSED,
    Agreement,
    ClosedDeal,
    ViewPair,
    track_record,
)
from survey_app.scoring import RiskLevel

CLOSE = date(2026, 6, 30)


def deal(level: RiskLevel | None, outcome: Outcome, cycle: int | None) -> ClosedDeal:
    first = None if cycle is None else CLOSE - timedelta(days=cycle)
    return ClosedDeal(level, outcome, CLOSE, first)


def by_label(rows):
    return {r.label: r for r in rows}


def test_a_band_with_five_deals_gives_its_win_rate_and_median_cycle() -> None:
    deals = [
        deal(RiskLevel.HEALTHY, Outcome.WON, 30),
        deal(RiskLevel.HEALTHY, Outcome.WON, 90),
        deal(RiskLevel.HEALTHY, Outcome.LOST, 60),
        deal(RiskLevel.HEALTHY, Outcome.NO_DECISION, 200),
        deal(RiskLevel.HEALTHY, Outcome.WON, 10),
    ]
    (pursue, caution, walk) = track_record(deals)
    assert pursue.label == "Pursue"
    assert (pursue.closed, pursue.won, pursue.lost, pursue.no_decision) == (5, 3, 1, 1)
    assert pursue.win_rate == 60.0  # no decision counts as not won
    assert pursue.cycle_days == 60.0  # median of 10, 30, 60, 90, 200
    assert pursue.enough
    assert (caution.closed, caution.win_rate, caution.cycle_days) == (0, None, None)
    assert walk.label == "Walk away"


def test_four_deals_are_counted_but_give_no_rate() -> None:
    deals = [deal(RiskLevel.TOXIC, Outcome.LOST, 40) for _ in range(MIN_DEALS - 1)]
    walk = by_label(track_record(deals))["Walk away"]
    assert (walk.closed, walk.lost) == (4, 4)
    assert walk.win_rate is None
    assert walk.cycle_days is None
    assert not walk.enough
    # One more deal, and the band shows its figures.
    walk = by_label(track_record([*deals, deal(RiskLevel.TOXIC, Outcome.WON, 20)]))["Walk away"]
    assert walk.win_rate == 20.0
    assert walk.cycle_days == 40.0


def test_an_even_count_takes_the_mean_of_the_middle_two() -> None:
    deals = [deal(RiskLevel.AT_RISK, Outcome.WON, c) for c in (10, 20, 30, 40, 50, 60)]
    caution = by_label(track_record(deals))["Pursue with caution"]
    assert caution.win_rate == 100.0
    assert caution.cycle_days == 35.0


def test_deals_nobody_assessed_before_the_outcome_are_counted_apart() -> None:
    deals = [deal(None, Outcome.WON, None) for _ in range(6)]
    rows = track_record(deals)
    assert [r.label for r in rows] == ["Pursue", "Pursue with caution", "Walk away", NOT_ASSESSED]
    apart = rows[-1]
    assert apart.closed == 6
    assert apart.won == 6
    assert apart.win_rate is None  # not a verdict: never a rate, however many
    assert all(r.closed == 0 for r in rows[:3])


def test_no_deal_nothing_but_empty_bands() -> None:
    assert [(r.closed, r.win_rate) for r in track_record([])] == [(0, None)] * 3


def test_a_cycle_never_runs_backwards() -> None:
    assert ClosedDeal(RiskLevel.HEALTHY, Outcome.WON, CLOSE, CLOSE).cycle_days == 0


def test_agreement_counts_the_same_band_only() -> None:
    a = Agreement(
        "Rafael",
        (
            ViewPair("A", RiskLevel.HEALTHY, RiskLevel.HEALTHY),
            ViewPair("B", RiskLevel.TOXIC, RiskLevel.AT_RISK),
            ViewPair("C", RiskLevel.AT_RISK, RiskLevel.AT_RISK),
        ),
    )
    assert (a.agreed, a.compared) == (2, 3)
    assert round(a.rate) == 67


def test_the_chart_draws_a_rate_only_where_there_are_enough_deals() -> None:
    from survey_app.charts.track_record import BAND_COLORS, NOT_ENOUGH, track_record_chart

    deals = [deal(RiskLevel.HEALTHY, Outcome.WON, 30) for _ in range(4)]
    deals += [deal(RiskLevel.HEALTHY, Outcome.LOST, 30), deal(RiskLevel.TOXIC, Outcome.LOST, 9)]
    (bar,) = track_record_chart(track_record(deals)).data
    assert list(bar.x) == [
        "Pursue<br>(5 closed)",
        "Pursue with caution<br>(0 closed)",
        "Walk away<br>(1 closed)",
    ]
    assert list(bar.y) == [80.0, 0.0, 0.0]  # no bar at all below five deals
    assert list(bar.text) == ["80% won (4 of 5)", NOT_ENOUGH, NOT_ENOUGH]
    assert list(bar.marker.color) == [BAND_COLORS[level] for level in RiskLevel]
