"""Answer counts kept up to date in the submitting transaction.

The dashboard reads these few hundred rows per campaign instead of every answer, so its cost
does not grow with the number of responses. ``team_key`` is the team id, or 0 for no team.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

NO_TEAM = 0


class AnswerTally(db.Model):  # type: ignore[name-defined]
    __tablename__ = "answer_tallies"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    team_key: Mapped[int] = mapped_column(primary_key=True)
    item_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    dimension: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    count: Mapped[int] = mapped_column(default=0)
    # What an open campaign shows: ``count`` as of its team's last published snapshot.
    published_count: Mapped[int] = mapped_column(server_default="0")


class ResponseTally(db.Model):  # type: ignore[name-defined]
    __tablename__ = "response_tallies"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    team_key: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    count: Mapped[int] = mapped_column(default=0)
    # The team's responses in its last published snapshot: a snapshot is published only when
    # at least k have arrived since the previous one (see ``results.tallies``).
    published_count: Mapped[int] = mapped_column(server_default="0")
