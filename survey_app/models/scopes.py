"""Team scopes: the teams a team-scoped leader may see (DESIGN "Anonymity").

A leader whose ``User.team_scoped`` is set sees only the teams listed here for them (of any of
the organisation's companies), each at k or more, and no company-wide figure
(survey_app/results/scope.py says what that means for every reader). Without the flag they see
every team, as before.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Table

from ..extensions import db

user_team_scopes = Table(
    "user_team_scopes",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    # A team deleted with its company leaves the scope. The flag on the user stays, so a
    # scope emptied that way shows no team at all, never every team.
    Column("team_id", ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
)
