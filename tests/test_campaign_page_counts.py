"""The campaign page's counts come from one grouped pass (campaigns/progress.participation):
the same figures as the campaign list's per-figure counts, for every kind and status."""

from __future__ import annotations

import re
from itertools import product

import pytest
from sqlalchemy import func, select, text

from survey_app.campaigns.mail_status import declined_count
from survey_app.campaigns.progress import participation
from survey_app.campaigns.stats import campaign_stats
from survey_app.extensions import db
from survey_app.models import Invitation, InvitationKind, InvitationStatus
from tests import factories


def test_one_pass_counts_what_each_count_did(app, leader_client, org):
    company = factories.make_company(org, teams=("Large", "Small"))
    large, small = company.teams
    campaign = factories.make_campaign(company, k=5)
    shapes = list(product(InvitationKind, InvitationStatus, (large, small, None)))
    for n, (kind, status, team) in enumerate(shapes):
        if team is small and kind != InvitationKind.EMAIL:
            continue  # Small keeps 3 invitations, under k
        for _ in range(1 + n % 3 if team is not small else 1):
            invitation = factories.make_invitation(
                campaign,
                f"p{n}-{_}@example.com" if kind == InvitationKind.EMAIL else None,
                team=team,
                kind=kind,
            )
            invitation.status = status
    db.session.commit()

    counts = participation(campaign)
    assert counts.stats == campaign_stats(campaign)
    assert counts.stats.open_unfinished > 0  # open-link visitors who have not submitted
    rows = db.session.scalar(
        select(func.count()).select_from(Invitation).where(Invitation.campaign_id == campaign.id)
    )
    assert counts.rows == rows
    by_label = {t.label: t for t in counts.teams}
    for team in (large, small):
        stored = dict(
            db.session.execute(
                select(Invitation.status, func.count())
                .where(Invitation.campaign_id == campaign.id, Invitation.team_id == team.id)
                .group_by(Invitation.status)
            ).all()
        )
        assert by_label[team.name].invitations == sum(stored.values())
    shown = by_label["Large"]
    assert shown.completed == stored_count(campaign.id, large.id, InvitationStatus.COMPLETED)
    assert shown.pending == stored_count(campaign.id, large.id, InvitationStatus.PENDING)
    assert by_label["Small"].completed is None  # fewer than k invitations: no counts

    page = leader_client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert re.search(rf"Invitations \({rows}\)", page)  # the pager's total, without a count
    assert f"({counts.stats.completed} completed / {counts.stats.invitations} invitations)" in page


def stored_count(campaign_id: int, team_id: int, status: InvitationStatus) -> int:
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(Invitation)
            .where(
                Invitation.campaign_id == campaign_id,
                Invitation.team_id == team_id,
                Invitation.status == status,
            )
        )
        or 0
    )


def test_the_opt_out_count_reads_only_the_opt_outs(app, org):
    """A fresh SQLite file has no ANALYZE statistics: the planner must still count opt-outs
    through the partial index, not through every invitation of the campaign
    (``benchmarks/campaign_page.py`` measured the page at 100k: 22 ms of its 23 were this)."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL plans from the statistics autovacuum keeps")
    campaign = factories.make_campaign(factories.make_company(org))
    for n in range(20):
        factories.make_invitation(campaign, f"p{n}@example.com")
    db.session.commit()
    query = declined_count(campaign.id).compile(
        dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}
    )
    plan = " ".join(row[-1] for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {query}")))
    assert "ix_invitations_declined" in plan, plan
