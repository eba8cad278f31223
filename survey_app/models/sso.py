"""Single sign-on with OpenID Connect: one provider per organisation (``/admin/sso``).

The client secret is stored as it is, like a webhook's: the server presents it to the
provider's token endpoint, so it needs the secret itself, not a digest. It is never shown back.

``email_domain`` is unique: the sign-in page does not know the organisation, so the domain of
the email a person types picks the organisation's provider (survey_app/auth/sso.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import str_enum, utcnow
from .org import Role


class SsoSettings(db.Model):  # type: ignore[name-defined]
    __tablename__ = "organization_sso"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(default=False)
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(255))
    client_secret: Mapped[str] = mapped_column(String(500))
    email_domain: Mapped[str] = mapped_column(String(253), unique=True)
    default_role: Mapped[Role] = mapped_column(str_enum(Role), default=Role.REP)
    # Password sign-in off for everyone but the break-glass admin (the way back in when the
    # provider is down or misconfigured).
    password_off: Mapped[bool] = mapped_column(default=False)
    break_glass_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
