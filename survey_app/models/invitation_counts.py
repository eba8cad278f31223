"""How many invitations a campaign has per team, kind and status, kept by the database itself.

The campaign page shows these counts. Grouping the invitations for them read one index entry
per invitation: 17 ms of a 23 ms page at 100,000 (``benchmarks/campaign_page.py``). Here they
are a few rows per campaign, kept up to date by triggers on ``invitations``. Triggers, not the
app: invitations are written by the ORM, by bulk inserts of 10,000 at a time, and removed by
cascades from a deleted campaign, and a trigger sees every one of those writes in the same
transaction, so the counts are never out of step with the rows.

``team_key`` is the team id, or 0 for no team (as in the tallies). A row whose count falls to
zero is kept: it is one of a handful per campaign.

The same triggers are created by ``create_all`` (the tests) and by the migration
``f1c7a9d3e265``, which holds its own copy of this SQL: a migration must not change when this
module does. ``tests/test_invitation_counts.py`` checks that both make the same triggers.
"""

from __future__ import annotations

from sqlalchemy import DDL, ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .invitations import Invitation


class InvitationCount(db.Model):  # type: ignore[name-defined]
    __tablename__ = "invitation_counts"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    team_key: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


# Written out in full rather than assembled: the same two steps appear in each dialect's
# triggers. Removing is an UPDATE, never an insert: when a campaign is deleted, its counts may
# be gone before its invitations are.
_ADD_NEW = (
    "INSERT INTO invitation_counts (campaign_id, team_key, kind, status, count) "
    "VALUES (NEW.campaign_id, coalesce(NEW.team_id, 0), NEW.kind, NEW.status, 1) "
    "ON CONFLICT (campaign_id, team_key, kind, status) "
    "DO UPDATE SET count = invitation_counts.count + 1;"
)
_REMOVE_OLD = (
    "UPDATE invitation_counts SET count = count - 1 WHERE campaign_id = OLD.campaign_id "
    "AND team_key = coalesce(OLD.team_id, 0) AND kind = OLD.kind AND status = OLD.status;"
)

SQLITE_TRIGGERS = (
    "CREATE TRIGGER invitation_counts_insert AFTER INSERT ON invitations "
    "BEGIN " + _ADD_NEW + " END",
    "CREATE TRIGGER invitation_counts_delete AFTER DELETE ON invitations "
    "BEGIN " + _REMOVE_OLD + " END",
    "CREATE TRIGGER invitation_counts_update AFTER UPDATE OF campaign_id, team_id, kind, status "
    "ON invitations WHEN OLD.campaign_id IS NOT NEW.campaign_id OR OLD.team_id IS NOT "
    "NEW.team_id OR OLD.kind IS NOT NEW.kind OR OLD.status IS NOT NEW.status "
    "BEGIN " + _REMOVE_OLD + " " + _ADD_NEW + " END",
)

POSTGRESQL_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION invitation_counts_follow() RETURNS trigger LANGUAGE plpgsql "
    "AS $$ BEGIN "
    "IF TG_OP IN ('UPDATE', 'DELETE') THEN " + _REMOVE_OLD + " END IF; "
    "IF TG_OP IN ('UPDATE', 'INSERT') THEN " + _ADD_NEW + " END IF; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER invitation_counts_follow_write AFTER INSERT OR DELETE ON invitations "
    "FOR EACH ROW EXECUTE FUNCTION invitation_counts_follow()",
    "CREATE TRIGGER invitation_counts_follow_update AFTER UPDATE OF campaign_id, team_id, kind, "
    "status ON invitations FOR EACH ROW WHEN (OLD.campaign_id IS DISTINCT FROM NEW.campaign_id "
    "OR OLD.team_id IS DISTINCT FROM NEW.team_id OR OLD.kind IS DISTINCT FROM NEW.kind "
    "OR OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION invitation_counts_follow()",
)

for _statement in SQLITE_TRIGGERS:
    event.listen(Invitation.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRESQL_TRIGGERS:
    event.listen(
        Invitation.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql")
    )
