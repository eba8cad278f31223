"""The words the session pack quotes: the agenda's items, in order, and the seeds' sentences.

Seed 002 ("Sales Growth in Strategic Accounts") on how a review runs, and seed 003 (the
"Enemies of Teamwork" chapter) on why it is held, letter for letter.

Each is English as written here; ``N_`` marks it for the catalogues, and the session pages,
the pre-read and the deck show it with ``_()`` in their language (one translation for all three).
"""

from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802 - gettext's name for "marked, translated later"
    """``text`` itself, marked for the catalogues (``pybabel extract`` reads ``N_``)."""
    return text


AGENDA_ITEMS = (
    N_("Open actions from the last session"),
    N_("The three largest gaps in \u201cConcentrate here\u201d"),
    N_("Enemies seen by more than a third"),
    N_("What changed since the previous wave"),
    N_("Decisions"),
)

# Seed 003.
NO_REVIEW = N_("No review, no resources.")
WHY_REVIEW = N_(
    "If it\u2019s not worth 30 minutes of your time to review the strategy with the team, why is "
    "it worth 15 hours of their time to travel across the country and look unprofessional?"
)
# Seed 002, tips 1 to 5.
HORIZON = N_("SAM reviews should be framed by a longer horizon such as 2-3 quarters out.")
PARTICIPATE = N_("SAM reviews should force all team members to participate.")
PREPARED = N_("All attendees of the SAM reviews have to come prepared for the review before hand.")
ROLES = N_(
    "Assign a moderator to keep the conversation on point. Assign a time keeper to keep it "
    "from going too long. Assign a scribe to capture the key points, goals and action."
)
GROWTH = N_("Focus on how to grow funnel value and sales!")

ROLE_DUTIES = {
    "moderator": N_("keeps the conversation on point"),
    "timekeeper": N_("keeps it from going too long"),
    "scribe": N_("captures the key points, goals and action"),
}
# The roles' names on the session page.
ROLE_NAMES = {"moderator": N_("Moderator"), "timekeeper": N_("Timekeeper"), "scribe": N_("Scribe")}
