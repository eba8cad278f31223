"""The sentences that sit beside the numbers, built from the same facts as the numbers.

No sentence here is written for one case and shown in another: each takes the facts it speaks
of (the band and its reasons, which instruments a campaign used, what was recommended) and says
only what those facts say.
"""

from __future__ import annotations

from .bands import Audience, Band


def band_sentence(band: Band) -> str:
    """ "The band is At risk: Misaligned goals (58%) is seen by half of the raters or more."
    For a prospect: "The verdict is Walk away: ..." """
    what = "verdict" if band.audience is Audience.PROSPECT else "band"
    return f"The {what} is {band.label}: {band.because}."


DEAL_STANCES = {
    "healthy": "Nothing the observers saw argues against investing in this deal. Keep checking "
    "at each meeting, and record what you see.",
    "at_risk": "Invest step by step: settle the points below with the buyer before committing "
    "more presales time or resources.",
    "toxic": "Do not invest further until the points below are answered, and decide at the deal "
    "review whether to walk away.",
}


def deal_stance(band: Band) -> str:
    """Whether to invest in a prospect, from its verdict."""
    return DEAL_STANCES[band.level.value]


def _practices_and_enemies(has_scorecard: bool, has_enemies: bool) -> tuple[str, str]:
    practices = "every practice in “Concentrate here”, largest gap first"
    enemies = "every enemy of teamwork seen by more than one rater in three, most seen first"
    return (practices if has_scorecard else "", enemies if has_enemies else "")


def actions_lead(has_scorecard: bool, has_enemies: bool) -> str:
    """What the action list holds, for the instruments this campaign used."""
    parts = [p for p in _practices_and_enemies(has_scorecard, has_enemies) if p]
    if not parts:
        return "This campaign used no instrument that leads to actions."
    return "One concrete action for " + " and for ".join(parts) + "."


def nothing_to_recommend(has_scorecard: bool, has_enemies: bool) -> str:
    """Why the action list is empty: true by construction, since every "Concentrate here"
    practice and every enemy above a third gets an action."""
    said = []
    if has_scorecard:
        said.append("no practice sits in “Concentrate here”")
    if has_enemies:
        said.append("no enemy of teamwork is seen by more than one rater in three")
    if not said:
        return "This campaign used no instrument that leads to actions."
    sentence = " and ".join(said)
    sentence = sentence[0].upper() + sentence[1:] + ", so no action is proposed."
    if not has_scorecard:
        sentence += " This campaign did not use the Teamwork Scorecard."
    if not has_enemies:
        sentence += " This campaign did not ask about the enemies of teamwork."
    return sentence


def teams_all_hidden(k: int, teams: int) -> str:
    """One line instead of a heatmap of grey blocks."""
    noun = "team has" if teams == 1 else f"{teams} teams have"
    every = "The" if teams == 1 else "All"
    return (
        f"{every} {noun} fewer than {k} responses or must stay hidden to protect a smaller one, "
        "so no team is shown on its own. The results above cover everyone."
    )
