"""Organisations and their users."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import str_enum, utcnow

if TYPE_CHECKING:
    from .companies import Company, Team


class Role(StrEnum):
    ADMIN = "admin"
    LEADER = "leader"
    REP = "rep"


class Organization(db.Model):  # type: ignore[name-defined]
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Default minimum group size for new campaigns (DESIGN: default 5, range 3-10).
    min_group_size: Mapped[int] = mapped_column(default=5)
    # Retention: the responses of campaigns closed more than this many months ago are deleted
    # by ``flask prune-responses`` (their tallies stay). None: kept for ever (the default).
    response_retention_months: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="organization")
    companies: Mapped[list[Company]] = relationship(back_populates="organization")


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


class User(UserMixin, db.Model):  # type: ignore[name-defined]
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the login cookie; replacing it signs out every session of this user.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # A team-scoped leader (survey_app/models/scopes.py): sees only ``scope_teams``.
    team_scoped: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The language of the user's own pages and first offered for a report: en, es, fr or de
    # (survey_app/i18n.py).
    language: Mapped[str] = mapped_column(String(5), default="en", server_default="en")

    organization: Mapped[Organization] = relationship(back_populates="users")
    scope_teams: Mapped[list[Team]] = relationship(
        secondary="user_team_scopes", order_by="Team.name"
    )

    # The signed-in device's key (survey_app/account/sessions.py), in memory only: set when
    # the device signs in or its cookie is checked, so that the cookie id names the device.
    session_key = None  # type: str | None

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}:{self.session_key or ''}"

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles
