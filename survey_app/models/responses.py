"""Submitted responses and their answers.

A response has no invitation id, a random (unordered) primary key and a submission *date*:
the invitation table and this one share no key, no ordering and no exact time.
"""

from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy import ForeignKey, Index, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


def new_response_id() -> str:
    return secrets.token_hex(16)


class Response(db.Model):  # type: ignore[name-defined]
    __tablename__ = "responses"
    __table_args__ = (Index("ix_responses_campaign_team", "campaign_id", "team_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_response_id)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    submitted_on: Mapped[date]
    # The form's one-time nonce: a retried POST of the same form stores one response.
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    # The language it was answered in ("en", "fr"...); results pool every language.
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")

    answers: Mapped[list[Answer]] = relationship(cascade="all, delete-orphan")


class Answer(db.Model):  # type: ignore[name-defined]
    __tablename__ = "answers"

    response_id: Mapped[str] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    instrument_key: Mapped[str] = mapped_column(String(64))
    item_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    dimension: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[int] = mapped_column(SmallInteger)
