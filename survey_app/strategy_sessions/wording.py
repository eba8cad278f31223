"""The words the session pack quotes: the agenda's items, in order, and the seeds' sentences.

Seed 002 ("Sales Growth in Strategic Accounts") on how a review runs, and seed 003 (the
"Enemies of Teamwork" chapter) on why it is held, letter for letter.
"""

from __future__ import annotations

AGENDA_ITEMS = (
    "Open actions from the last session",
    "The three largest gaps in \u201cConcentrate here\u201d",
    "Enemies seen by more than a third",
    "What changed since the previous wave",
    "Decisions",
)

# Seed 003.
NO_REVIEW = "No review, no resources."
WHY_REVIEW = (
    "If it\u2019s not worth 30 minutes of your time to review the strategy with the team, why is "
    "it worth 15 hours of their time to travel across the country and look unprofessional?"
)
# Seed 002, tips 1 to 5.
HORIZON = "SAM reviews should be framed by a longer horizon such as 2-3 quarters out."
PARTICIPATE = "SAM reviews should force all team members to participate."
PREPARED = "All attendees of the SAM reviews have to come prepared for the review before hand."
ROLES = (
    "Assign a moderator to keep the conversation on point. Assign a time keeper to keep it "
    "from going too long. Assign a scribe to capture the key points, goals and action."
)
GROWTH = "Focus on how to grow funnel value and sales!"

ROLE_DUTIES = {
    "moderator": "keeps the conversation on point",
    "timekeeper": "keeps it from going too long",
    "scribe": "captures the key points, goals and action",
}
