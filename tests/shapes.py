"""Campaigns of every shape, answered through the real submission service.

A shape is the instruments a campaign pins: the Teamwork Scorecard alone, the Enemies of
Teamwork alone, or both. The answers vary by rater and item, so that some practices fall in
"Concentrate here" and some enemies are seen by more than a third (Misaligned goals by 60%, which
makes the band At risk although the Culture Risk is low).
"""

from __future__ import annotations

import secrets

from survey_app.instruments import ENEMIES, SCORECARD
from survey_app.models import Campaign, CampaignStatus, Company
from survey_app.surveys.submission import submit_response
from tests import factories

SHAPES: dict[str, tuple[str, ...]] = {
    "scorecard-only": (SCORECARD,),
    "enemies-only": (ENEMIES,),
    "both": (SCORECARD, ENEMIES),
}
COMMON = ("misaligned_goals",)  # ticked by 3 raters in 5
SOME = ("no_trust", "blame_fixing")  # ticked by 2 raters in 5


IMPORTANCE = (9, 8, 9, 3, 7, 4, 8, 5, 6)  # per practice, in instrument order
EXECUTION = (1, 3, 2, 4, 2, 3, 4, 1, 3)


def answers(campaign: Campaign, rater: int) -> dict[str, int]:
    """Rater ``rater``'s answers: each practice has its own level, with a little disagreement
    between raters, so that the practices spread over the four quadrants."""
    result: dict[str, int] = {}
    for instrument in campaign.pinned_instruments():
        practices = [i.key for i in instrument.items_of_type("practice")]
        for slot in instrument.slots():
            if slot.dimension == "importance":
                j = practices.index(slot.item_key)
                result[slot.name] = max(1, IMPORTANCE[j] - rater % 2)
            elif slot.dimension == "execution":
                j = practices.index(slot.item_key)
                result[slot.name] = min(4, EXECUTION[j] + (rater % 3 == 0))
            else:
                ticked = (slot.item_key in COMMON and rater % 5 < 3) or (
                    slot.item_key in SOME and rater % 5 < 2
                )
                result[slot.name] = int(ticked)
    return result


def shaped_campaign(
    company: Company,
    shape: str,
    per_team: tuple[int, ...] = (5, 5),
    k: int = 5,
    title: str | None = None,
    closed: bool = True,
) -> Campaign:
    """A campaign on ``company`` (whose teams get ``per_team`` responses each, in order)."""
    campaign = factories.make_campaign(
        company,
        title=title or f"{shape} wave",
        k=k,
        instruments=SHAPES[shape],
    )
    rater = 0
    for team, count in zip(company.teams, per_team, strict=True):
        for _ in range(count):
            invitation = factories.make_invitation(campaign, team=team)
            submit_response(invitation.id, answers(campaign, rater), team.id, secrets.token_hex(8))
            rater += 1
    if closed:
        campaign.status = CampaignStatus.CLOSED
        factories.db.session.commit()
    return campaign
