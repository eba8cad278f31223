"""Anonymity across waves: no pair of waves may single out fewer than k people by subtraction.

Two waves of one company each show some groups (teams at k or more, the overall) and so let a
reader *derive* more: any union of shown teams and, when the overall is shown, the rest of the
company (the overall less the teams shown). Subtracting a group's figures in one wave from the
same group's in another leaves the contribution of the people whose membership of the group
changed: joiners, leavers, movers, people who answered in one wave only. If the people who
stayed answered alike, that difference is those people's answers; so the number of changed
people must be 0 or at least k for every group derivable in both waves.

What we know of the people (nothing here identifies anyone to a reader; it only decides what to
hide):

* ``members``: each known person's team in the wave, by address (survey_app/results/
  across_waves.py passes the known respondents: answered email invitations with a fixed team);
* ``anonymous``: per team, how many people it has that are not known by address. Their changes
  are counted as the difference of the counts, a lower bound: a swap of one for another in one
  team is not seen. (The app passes none: participation through open links is not membership.)

:func:`guard` applies the rule to a later wave against each earlier one: it hides more of the
later wave's teams (then, if needed, its overall) until no derivable group changed by 1 to k - 1
people. The earlier wave keeps what it showed: it was shown first.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations

Team = Hashable  # a team id; None for respondents without a team
REST = "__rest__"  # the block "overall less the teams shown"
# Beyond this many blocks whose changes do not add up (people moving between teams, anonymous
# counts), unions are not enumerated and the later wave shows none of them (2**14 unions are
# checked in well under a second).
MAX_MOVER_BLOCKS = 14


@dataclass(frozen=True)
class WaveView:
    """What one wave shows, and who stands behind it."""

    members: Mapping[str, Team]  # a known respondent -> their team in this wave
    anonymous: Mapping[Team, int]  # team -> respondents not known by address
    shown_teams: frozenset[Team]
    overall_shown: bool
    teams: frozenset[Team] = field(default=frozenset())  # every team with respondents

    def all_teams(self) -> frozenset[Team]:
        return frozenset(self.teams) | frozenset(self.members.values()) | frozenset(self.anonymous)


def _atoms(view: WaveView, universe: frozenset[Team]) -> list[frozenset[Team]]:
    """The smallest groups a reader can derive in this wave."""
    atoms = [frozenset({t}) for t in view.shown_teams]
    if view.overall_shown:
        rest = universe - view.shown_teams
        if rest:
            atoms.append(rest)
    return atoms


def common_blocks(a: WaveView, b: WaveView) -> list[frozenset[Team]]:
    """The blocks whose unions are exactly the groups derivable in both waves."""
    universe = a.all_teams() | b.all_teams() | a.shown_teams | b.shown_teams
    atoms_a, atoms_b = _atoms(a, universe), _atoms(b, universe)
    usable = frozenset().union(*atoms_a) & frozenset().union(*atoms_b)
    while True:  # an atom reaching outside what both can derive is of no use to either
        kept_a = [x for x in atoms_a if x <= usable]
        kept_b = [x for x in atoms_b if x <= usable]
        narrowed = frozenset().union(*kept_a) & frozenset().union(*kept_b)
        if narrowed == usable:
            break
        usable = narrowed
    parent: dict[Team, Team] = {t: t for t in usable}

    def find(t: Team) -> Team:
        while parent[t] != t:
            parent[t] = parent[parent[t]]
            t = parent[t]
        return t

    for atom in (*kept_a, *kept_b):
        first, *others = list(atom)
        for other in others:
            parent[find(other)] = find(first)
    blocks: dict[Team, set[Team]] = {}
    for t in usable:
        blocks.setdefault(find(t), set()).add(t)
    return [frozenset(x) for x in blocks.values()]


@dataclass(frozen=True)
class _Changes:
    fixed: dict[int, int]  # block index -> known people whose change is inside that block only
    movers: list[tuple[int, int]]  # known people who moved from one block to another
    anonymous: dict[int, int]  # block index -> signed change of its anonymous respondents


def _changes(a: WaveView, b: WaveView, blocks: Sequence[frozenset[Team]]) -> _Changes:
    where = {t: i for i, block in enumerate(blocks) for t in block}
    fixed = dict.fromkeys(range(len(blocks)), 0)
    movers: list[tuple[int, int]] = []
    for person in set(a.members) | set(b.members):
        before = where.get(a.members[person]) if person in a.members else None
        after = where.get(b.members[person]) if person in b.members else None
        if before == after:
            continue  # same block (or outside both): no derivable group sees the change
        if before is not None and after is not None:
            movers.append((before, after))
        else:
            fixed[before if after is None else after] += 1  # type: ignore[index]
    anonymous = {
        i: sum(b.anonymous.get(t, 0) for t in block) - sum(a.anonymous.get(t, 0) for t in block)
        for i, block in enumerate(blocks)
    }
    return _Changes(fixed, movers, anonymous)


def smallest_changed_group(a: WaveView, b: WaveView, k: int) -> frozenset[Team] | None:
    """A group derivable in both waves whose membership changed by 1 to k - 1 people."""
    blocks = common_blocks(a, b)
    changes = _changes(a, b, blocks)
    # Blocks whose changes do not simply add up over a union: people moving between blocks,
    # and anonymous counts (one block's loss can be another's gain).
    touched = sorted(
        {i for pair in changes.movers for i in pair}
        | {i for i, delta in changes.anonymous.items() if delta}
    )
    for i, n in changes.fixed.items():  # unions of the other blocks only add up
        if i not in touched and 0 < n < k:
            return blocks[i]
    if len(touched) > MAX_MOVER_BLOCKS:
        return frozenset().union(*(blocks[i] for i in touched))
    for size in range(1, len(touched) + 1):
        for chosen in combinations(touched, size):
            inside = set(chosen)
            n = sum(changes.fixed[i] for i in inside)
            n += sum(1 for x, y in changes.movers if (x in inside) != (y in inside))
            n += abs(sum(changes.anonymous[i] for i in inside))
            if 0 < n < k:
                return frozenset().union(*(blocks[i] for i in chosen))
    return None


def guard(
    earlier: Iterable[WaveView], later: WaveView, k: int, counts: Mapping[Team, int]
) -> WaveView:
    """``later`` with as few more teams hidden as this greedy rule finds (smallest first), then
    its overall, so that it passes :func:`smallest_changed_group` against every earlier wave.

    ``counts`` (team -> responses) keeps complementary suppression true: a hidden block of 1
    to k - 1 responses beside a shown overall hides the next smallest team too."""
    views = list(earlier)
    current = later
    while True:
        group = next((g for g in (smallest_changed_group(e, current, k) for e in views) if g), None)
        if group is None:
            return current
        in_view = sorted(group & current.shown_teams, key=lambda t: (counts.get(t, 0), str(t)))
        if in_view:
            current = _hide(current, in_view[0], k, counts)
        elif current.overall_shown:
            current = replace(current, overall_shown=False)
        else:  # cannot happen: a derivable group has a shown atom; be safe regardless
            return replace(current, shown_teams=frozenset(), overall_shown=False)


def _hide(view: WaveView, team: Team, k: int, counts: Mapping[Team, int]) -> WaveView:
    shown = set(view.shown_teams) - {team}
    if view.overall_shown:
        hidden = sum(n for t, n in counts.items() if t not in shown)
        for t in sorted(shown, key=lambda t: (counts.get(t, 0), str(t))):
            if not 0 < hidden < k:
                break
            shown.discard(t)
            hidden += counts.get(t, 0)
    return replace(view, shown_teams=frozenset(shown))
