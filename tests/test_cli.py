"""The CLI: init-db, create-user and demo, through Flask's CLI runner on a real database."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from survey_app.auth.services import authenticate
from survey_app.extensions import db
from survey_app.models import (
    Campaign,
    CampaignStatus,
    Invitation,
    InvitationStatus,
    Response,
    Role,
    User,
    token_digest,
)


def test_create_user_then_sign_in(runner, app):
    result = runner.invoke(
        args=["create-user", "--email", "New@Example.com", "--name", "Nia", "--role", "rep"],
        input="a-long-enough-password\na-long-enough-password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created rep new@example.com" in result.output
    user = authenticate("new@example.com", "a-long-enough-password")
    assert user is not None
    assert user.role == Role.REP


def test_create_user_refuses_weak_password_and_duplicates(runner, app):
    weak = runner.invoke(
        args=["create-user", "--email", "a@example.com", "--password", "password123"]
    )
    assert weak.exit_code != 0
    assert "most common" in weak.output
    ok = runner.invoke(args=["create-user", "--email", "a@example.com", "--password", "x" * 12])
    assert ok.exit_code == 0
    again = runner.invoke(args=["create-user", "--email", "A@example.com", "--password", "y" * 12])
    assert again.exit_code != 0
    assert "already exists" in again.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_demo_data_matches_the_issue(runner, app):
    result = runner.invoke(args=["demo", "--base-url", "http://127.0.0.1:5000"])
    assert result.exit_code == 0, result.output
    for role in ("leader", "rep", "admin"):
        assert re.search(rf"{role}\s+\S+@northwind.example\s+password: \S+", result.output)
    link = re.search(r"http://127.0.0.1:5000/s/(\S+)", result.output)
    assert link, result.output

    closed = db.session.scalars(
        select(Campaign).where(Campaign.status == CampaignStatus.CLOSED)
    ).all()
    assert closed
    for campaign in closed:
        counts = dict(
            db.session.execute(
                select(Response.team_id, func.count())
                .where(Response.campaign_id == campaign.id)
                .group_by(Response.team_id)
            ).all()
        )
        assert sum(counts.values()) >= 40
        assert len(campaign.company.teams) == 3
        assert min(counts.values()) < 5 <= max(counts.values())
    digest = token_digest(link.group(1))
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == digest))
    assert invitation.status == InvitationStatus.PENDING
    assert invitation.campaign.status == CampaignStatus.OPEN

    # A second run with --if-empty changes nothing.
    before = db.session.scalar(select(func.count()).select_from(Response))
    again = runner.invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(Response)) == before
    # It prints a link again: a new one, since only digests are stored, and it works.
    second = re.search(r"/s/(\S+)", again.output)
    assert second, again.output
    assert second.group(1) != link.group(1)
    digest = token_digest(second.group(1))
    renewed = db.session.scalar(select(Invitation).where(Invitation.token_hash == digest))
    assert renewed.status == InvitationStatus.PENDING
    assert renewed.campaign.status == CampaignStatus.OPEN
