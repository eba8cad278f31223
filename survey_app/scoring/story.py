"""The sentences that sit beside the numbers, built from the same facts as the numbers.

No sentence here is written for one case and shown in another: each takes the facts it speaks
of (the band and its reasons, which instruments a campaign used, what was recommended) and says
only what those facts say. They are in the page's language (the campaign report may be in
Spanish, French or German: survey_app/i18n.py); gettext outside a request gives the English.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext, ngettext

from .bands import Audience, Band


def band_sentence(band: Band) -> str:
    """ "The band is At risk: Misaligned goals (58%) is seen by half of the raters or more."
    For a prospect: "The verdict is Walk away: ..." """
    if band.audience is Audience.PROSPECT:  # the verdict's name too (formatting.py marks it)
        return _(
            "The verdict is %(label)s: %(because)s.", label=_(band.label), because=band.because
        )
    # The band's name is in the catalogue (survey_app/reports/formatting.py marks it).
    return _("The band is %(label)s: %(because)s.", label=_(band.label), because=band.because)


DEAL_STANCES = {  # in the page's language (lazy)
    "healthy": lazy_gettext(
        "Nothing the observers saw argues against investing in this deal. Keep checking at each "
        "meeting, and record what you see."
    ),
    "at_risk": lazy_gettext(
        "Invest step by step: settle the points below with the buyer before committing more "
        "presales time or resources."
    ),
    "toxic": lazy_gettext(
        "Do not invest further until the points below are answered, and decide at the deal "
        "review whether to walk away."
    ),
}


def deal_stance(band: Band) -> str:
    """Whether to invest in a prospect, from its verdict."""
    return str(DEAL_STANCES[band.level.value])


def _practices_and_enemies(has_scorecard: bool, has_enemies: bool) -> tuple[str, str]:
    practices = _(
        "every practice in “%(quadrant)s”, largest gap first", quadrant=_("Concentrate here")
    )
    enemies = _("every enemy of teamwork seen by more than one rater in three, most seen first")
    return (practices if has_scorecard else "", enemies if has_enemies else "")


def actions_lead(has_scorecard: bool, has_enemies: bool) -> str:
    """What the action list holds, for the instruments this campaign used."""
    parts = [p for p in _practices_and_enemies(has_scorecard, has_enemies) if p]
    if not parts:
        return _("This campaign used no instrument that leads to actions.")
    if len(parts) == 2:
        return _("One concrete action for %(first)s and for %(second)s.", first=parts[0],
                 second=parts[1])  # fmt: skip
    return _("One concrete action for %(what)s.", what=parts[0])


def nothing_to_recommend(has_scorecard: bool, has_enemies: bool) -> str:
    """Why the action list is empty: true by construction, since every "Concentrate here"
    practice and every enemy above a third gets an action."""
    if has_scorecard and has_enemies:
        sentence = _(
            "No practice sits in “%(quadrant)s” and no enemy of teamwork is seen by more than "
            "one rater in three, so no action is proposed.",
            quadrant=_("Concentrate here"),
        )
    elif has_scorecard:
        sentence = _(
            "No practice sits in “%(quadrant)s”, so no action is proposed.",
            quadrant=_("Concentrate here"),
        )
    elif has_enemies:
        sentence = _(
            "No enemy of teamwork is seen by more than one rater in three, so no action is "
            "proposed."
        )
    else:
        return _("This campaign used no instrument that leads to actions.")
    if not has_scorecard:
        sentence += " " + _("This campaign did not use the Teamwork Scorecard.")
    if not has_enemies:
        sentence += " " + _("This campaign did not ask about the enemies of teamwork.")
    return sentence


def teams_all_hidden(k: int, teams: int) -> str:
    """One line instead of a heatmap of grey blocks."""
    if teams == 1:
        return _(
            "The team has fewer than %(k)s responses or must stay hidden to protect a smaller "
            "one, so no team is shown on its own. The results above cover everyone.",
            k=k,
        )
    return _(
        "All %(teams)s teams have fewer than %(k)s responses or must stay hidden to protect a "
        "smaller one, so no team is shown on its own. The results above cover everyone.",
        teams=teams,
        k=k,
    )


def snapshot_sentence(shown: int, received: int, k: int, by_team: bool, next_after: int) -> str:
    """What an open campaign's results are as of, and when they next move (in steps of k)."""
    if by_team:
        return _(
            "Results as of %(shown)s of %(received)s responses received. While the campaign is "
            "open, a team’s figures update once %(k)s more of its people have answered, so "
            "that comparing two views never singles anyone out; every response counts at close.",
            shown=shown,
            received=received,
            k=k,
        )
    as_of = ngettext("Results as of %(num)s response", "Results as of %(num)s responses", shown)
    since = " " + _("(%(received)s received)", received=received) if received != shown else ""
    return as_of + since + _(
        "; next update after %(more)s more. While the campaign is open, results move in steps "
        "of %(k)s, so that comparing two views never singles anyone out; every response counts "
        "at close.",
        more=next_after,
        k=k,
    )
