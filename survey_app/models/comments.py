"""Free-text comments: what a respondent wrote in a campaign's optional comment box.

A comment is stored apart from the response it came with: no response id, no team, no date, and
a random id (so that even the order of the rows says nothing). It is shown only once its
campaign has at least ``Campaign.comment_threshold`` responses (never below k), and, while the
campaign is open, only once published: comments are published in batches of at least k, like
the tallies (``survey_app/comments/services.py``). A leader may hide one from every page; it
stays in the record.
"""

from __future__ import annotations

import secrets

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

DEFAULT_COMMENT_THRESHOLD = 8
MAX_COMMENT_LENGTH = 2000
DEFAULT_PROMPTS = {
    "teamwork_scorecard": "What one thing would make teamwork better here?",
    "enemies_of_teamwork": "What gets in the way of teamwork here that the list does not say?",
}


def new_comment_id() -> str:
    return secrets.token_hex(16)


class Comment(db.Model):  # type: ignore[name-defined]
    __tablename__ = "comments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_comment_id)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    instrument_key: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    published: Mapped[bool] = mapped_column(default=False)
    hidden: Mapped[bool] = mapped_column(default=False)
    # Practice or enemy keys a leader tagged it with.
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
