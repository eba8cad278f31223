"""The invitation counts the campaign page reads (``models/invitation_counts.py``) stay equal to
a count of the invitations themselves, whatever writes them: the ORM, a bulk insert as the
import does, a bulk status update, a team deleted under them (SET NULL), a single delete and
a whole campaign deleted by the app's own service. On both engines (the PostgreSQL phase runs
this file too); and a migrated database has the same triggers as one built from the models."""

from __future__ import annotations

import os

from flask_migrate import downgrade, upgrade
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, insert, select, text, update

from survey_app import create_app
from survey_app.campaigns.deletion import delete_campaign
from survey_app.extensions import db
from survey_app.models import (
    NO_TEAM,
    Campaign,
    Invitation,
    InvitationCount,
    InvitationKind,
    InvitationStatus,
    Team,
    token_digest,
)
from survey_app.models.invitations import counts_as_invitation
from survey_app.results.campaign import invitation_count
from tests import factories

KINDS = list(InvitationKind)
STATUSES = list(InvitationStatus)

operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.sampled_from(KINDS), st.integers(0, 2)),
        st.tuples(st.just("bulk_add"), st.integers(1, 30), st.integers(0, 2)),
        st.tuples(st.just("status"), st.integers(0, 60), st.sampled_from(STATUSES)),
        st.tuples(st.just("bulk_status"), st.sampled_from(STATUSES), st.sampled_from(STATUSES)),
        st.tuples(st.just("move"), st.integers(0, 60), st.integers(0, 2)),
        st.tuples(st.just("remove"), st.integers(0, 60)),
        st.tuples(st.just("delete_team"), st.integers(0, 1)),
    ),
    max_size=14,
)


def _counted(campaign_id: int) -> dict[tuple[int, str, str], int]:
    rows = db.session.execute(
        select(
            InvitationCount.team_key,
            InvitationCount.kind,
            InvitationCount.status,
            InvitationCount.count,
        ).where(InvitationCount.campaign_id == campaign_id, InvitationCount.count != 0)
    )
    return {(team, kind, status): n for team, kind, status, n in rows}


def _stored(campaign_id: int) -> dict[tuple[int, str, str], int]:
    team_key = func.coalesce(Invitation.team_id, 0)
    rows = db.session.execute(
        select(team_key, Invitation.kind, Invitation.status, func.count())
        .where(Invitation.campaign_id == campaign_id)
        .group_by(team_key, Invitation.kind, Invitation.status)
    )
    return {(team, str(kind), str(status)): n for team, kind, status, n in rows}


def _invited(campaign_id: int, teams: frozenset[int] | None) -> int:
    """The response rate's denominator counted from the invitations themselves."""
    query = select(func.count()).where(
        Invitation.campaign_id == campaign_id, counts_as_invitation()
    )
    if teams is not None:
        query = query.where(Invitation.team_id.in_(teams))
    return db.session.scalar(query)


def _apply(op: tuple, campaign: Campaign, teams: list[Team | None]) -> None:
    ids = db.session.scalars(
        select(Invitation.id).where(Invitation.campaign_id == campaign.id).order_by(Invitation.id)
    ).all()
    pick = (lambda n: ids[n % len(ids)]) if ids else None
    match op:
        case ("add", kind, team):
            db.session.add(Invitation(campaign=campaign, kind=kind, team=teams[team]))
        case ("bulk_add", n, team):  # as the import does: one INSERT for many rows
            team_id = teams[team].id if teams[team] else None
            rows = [
                {
                    "campaign_id": campaign.id,
                    "token_hash": token_digest(os.urandom(16).hex()),
                    "kind": InvitationKind.EMAIL,
                    "email": f"p{i}-{os.urandom(4).hex()}@example.com",
                    "team_id": team_id,
                    "status": InvitationStatus.PENDING,
                }
                for i in range(n)
            ]
            db.session.execute(insert(Invitation), rows)
        case ("status", n, status) if pick:
            db.session.get(Invitation, pick(n)).status = status
        case ("bulk_status", before, after):
            db.session.execute(
                update(Invitation)
                .where(Invitation.campaign_id == campaign.id, Invitation.status == before)
                .values(status=after)
            )
        case ("move", n, team) if pick:
            db.session.get(Invitation, pick(n)).team = teams[team]
        case ("remove", n) if pick:
            db.session.execute(delete(Invitation).where(Invitation.id == pick(n)))
        case ("delete_team", n) if teams[n] is not None:
            db.session.execute(delete(Team).where(Team.id == teams[n].id))  # SET NULL below
            teams[n] = None
    db.session.commit()
    db.session.expire_all()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_the_counts_follow_every_write(app, org, ops):
    company = factories.make_company(org, teams=("North", "South"))
    campaign = factories.make_campaign(company)
    teams: list[Team | None] = [*company.teams, None]
    north, south = (team.id for team in company.teams)
    shown = (None, frozenset({north, south}), frozenset({north, NO_TEAM}), frozenset())
    for op in ops:
        _apply(op, campaign, teams)
        assert _counted(campaign.id) == _stored(campaign.id), op
        for seen in shown:  # the dashboard's response rate reads the counts too
            assert invitation_count(campaign.id, seen) == _invited(campaign.id, seen), (op, seen)
    delete_campaign(campaign)  # the app's own delete: the invitations go by cascade
    assert not db.session.scalar(select(func.count()).select_from(InvitationCount))


def _triggers() -> set[str]:
    if db.engine.dialect.name == "sqlite":
        query = "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'trigger'"
    else:
        query = (
            "SELECT tgname || ': ' || pg_get_triggerdef(t.oid) FROM pg_trigger t "
            "WHERE NOT tgisinternal UNION ALL SELECT proname || ': ' || prosrc FROM pg_proc "
            "WHERE proname = 'invitation_counts_follow'"
        )
    with db.engine.connect() as conn:
        return set(conn.execute(text(query)).scalars())


BEFORE = "d4b9f2a6c831"  # the revision before the counts


def test_a_migrated_database_counts_what_it_had_and_has_the_models_triggers(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'counts.sqlite3'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        db.create_all()
        built = _triggers()
        assert len(built) >= 3, built
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
            if db.engine.dialect.name == "postgresql":  # drop_all leaves a function behind
                conn.exec_driver_sql("DROP FUNCTION IF EXISTS invitation_counts_follow()")
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO organizations (id, name, min_group_size, created_at) "
                    "VALUES (1, 'Org', 5, '2026-01-01'); "
                )
            )
            conn.execute(
                text(
                    "INSERT INTO companies (id, organization_id, name, name_key, kind, notes, "
                    "created_at, version) VALUES (1, 1, 'Co', 'co', 'own', '', '2026-01-01', 1)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO campaigns (id, organization_id, company_id, title, status, "
                    "min_group_size, created_at, version) "
                    "VALUES (1, 1, 1, 'Wave', 'open', 5, '2026-01-01', 1)"
                )
            )
            for n, (kind, status) in enumerate(
                [("email", "pending")] * 3 + [("email", "completed")] * 2 + [("link", "started")]
            ):
                conn.execute(
                    text(
                        "INSERT INTO invitations (campaign_id, token_hash, kind, status, emailed, "
                        "private_link, created_at) VALUES (1, :t, :k, :s, false, false, "
                        "'2026-01-01')"
                    ),
                    {"t": f"{n:064d}", "k": kind, "s": status},
                )
        upgrade()
        assert _triggers() == built
        assert _counted(1) == {
            (0, "email", "pending"): 3,
            (0, "email", "completed"): 2,
            (0, "link", "started"): 1,
        }
        db.session.remove()
        downgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            for table in ("invitations", "campaigns", "companies", "organizations"):
                conn.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - fixed names
        downgrade(revision="base")
        db.engine.dispose()


def test_the_campaign_page_shows_the_counted_figures(leader_client, org):
    campaign = factories.make_campaign(factories.make_company(org))
    for n in range(4):
        factories.make_invitation(campaign, f"p{n}@example.com")
    db.session.execute(
        update(Invitation)
        .where(Invitation.campaign_id == campaign.id, Invitation.email == "p0@example.com")
        .values(status=InvitationStatus.COMPLETED)
    )
    db.session.commit()
    page = leader_client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert "(1 completed / 4 invitations)" in page
