"""Property: across waves, no group a reader can derive in two waves changed by 1 to k - 1 people.

Hypothesis draws up to three waves of one company: people (known by address) who join, leave,
stay or move between up to four teams and "no team", and respondents known only by count. Each
wave is suppressed as a campaign is (k, then complementary suppression), and each later wave is
guarded against the earlier ones. Then, by brute force over every set of teams: if the set is
derivable in two waves (a union of what each shows: its teams, and the rest of the company when
its overall is shown), the number of people whose membership of it changed is 0 or at least k.
"""

from __future__ import annotations

from itertools import chain, combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from survey_app.scoring.anonymity import reveals_small_group, suppress
from survey_app.scoring.wave_pairs import WaveView, guard, smallest_changed_group

TEAMS = (0, 1, 2, 3, 4)  # 0: no team


@st.composite
def waves(draw: st.DrawFn) -> tuple[int, list[dict[str, int]], list[dict[int, int]]]:
    k = draw(st.integers(3, 6))
    n_waves = draw(st.integers(2, 3))
    teams = TEAMS[: draw(st.integers(2, len(TEAMS)))]
    people = draw(st.integers(0, 30))
    members: list[dict[str, int]] = [{} for _ in range(n_waves)]
    for person in range(people):
        home = draw(st.sampled_from(teams))
        for wave in range(n_waves):
            event = draw(st.sampled_from(["same", "same", "same", "absent", "move"]))
            if event == "same":
                members[wave][f"p{person}@example.com"] = home
            elif event == "move":
                members[wave][f"p{person}@example.com"] = draw(st.sampled_from(teams))
    anonymous = [
        {t: draw(st.integers(0, 7)) for t in teams if draw(st.booleans())} for _ in range(n_waves)
    ]
    return k, members, anonymous


def _counts(members: dict[str, int], anonymous: dict[int, int]) -> dict[int, int]:
    counts = dict.fromkeys(TEAMS, 0)
    for team in members.values():
        counts[team] += 1
    for team, n in anonymous.items():
        counts[team] += n
    return counts


def _shown(members: dict[str, int], anonymous: dict[int, int], k: int) -> WaveView:
    decisions = suppress(_counts(members, anonymous), k)
    return WaveView(
        members=members,
        anonymous=anonymous,
        shown_teams=decisions.visible if decisions.total_visible else frozenset(),
        overall_shown=decisions.total_visible,
        teams=frozenset(TEAMS),
    )


def _derivable(view: WaveView) -> set[frozenset[int]]:
    atoms = [frozenset({t}) for t in view.shown_teams]
    if view.overall_shown and frozenset(TEAMS) - view.shown_teams:
        atoms.append(frozenset(TEAMS) - view.shown_teams)
    unions = chain.from_iterable(combinations(atoms, n) for n in range(1, len(atoms) + 1))
    return {frozenset().union(*chosen) for chosen in unions}


def _changed(a: WaveView, b: WaveView, group: frozenset[int]) -> int:
    people = set(a.members) | set(b.members)
    moved = sum(1 for p in people if (a.members.get(p) in group) != (b.members.get(p) in group))
    before = sum(n for t, n in a.anonymous.items() if t in group)
    after = sum(n for t, n in b.anonymous.items() if t in group)
    return moved + abs(before - after)


@settings(max_examples=300, deadline=None)
@given(waves())
def test_no_pair_of_waves_singles_out_fewer_than_k_people(drawn) -> None:  # type: ignore[no-untyped-def]
    k, members, anonymous = drawn
    shown: list[WaveView] = []
    for wave_members, wave_anonymous in zip(members, anonymous, strict=True):
        view = _shown(wave_members, wave_anonymous, k)
        counts = _counts(wave_members, wave_anonymous)
        guarded = guard(shown, view, k, counts) if view.overall_shown else view
        # Still suppressed within the wave: no shown team, total or rest under k.
        assert not reveals_small_group(counts, guarded.shown_teams, k, guarded.overall_shown)
        assert guarded.shown_teams <= view.shown_teams  # the guard only ever hides
        shown.append(guarded)
    for a, b in combinations(shown, 2):
        for group in _derivable(a) & _derivable(b):
            assert not 0 < _changed(a, b, group) < k, (group, a, b)


def test_one_joiner_in_a_team_of_five_hides_that_team_in_the_next_wave() -> None:
    k = 5
    first = {f"p{i}": 1 for i in range(5)} | {f"q{i}": 2 for i in range(6)}
    second = first | {"newcomer": 1}
    a = _shown(first, {}, k)
    b = _shown(second, {}, k)
    assert smallest_changed_group(a, b, k) == frozenset({1})
    guarded = guard([a], b, k, _counts(second, {}))
    # Team 1 is hidden; then the company (11 people, now 12) would still show the newcomer as
    # "this wave's overall less last wave's": the overall is hidden too. Team 2 did not change.
    assert guarded.shown_teams == frozenset({2})
    assert not guarded.overall_shown
    assert smallest_changed_group(a, guarded, k) is None


def test_the_same_people_in_both_waves_hide_nothing() -> None:
    people = {f"p{i}": i % 3 for i in range(18)}
    a = _shown(people, {0: 2}, 5)
    b = _shown(people, {0: 2}, 5)
    assert guard([a], b, 5, _counts(people, {0: 2})) == b


def test_k_people_moving_between_two_teams_is_no_risk() -> None:
    k = 5
    first = {f"p{i}": 1 for i in range(10)} | {f"q{i}": 2 for i in range(10)}
    second = dict(first) | {f"p{i}": 2 for i in range(5)}  # five move from team 1 to team 2
    a, b = _shown(first, {}, k), _shown(second, {}, k)
    assert smallest_changed_group(a, b, k) is None
