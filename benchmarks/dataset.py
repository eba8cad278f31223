"""A campaign of N realistic responses across 3 teams, bulk-loaded into a fresh database.

Rows go in through ``executemany`` in large batches inside one write transaction, in primary
key order, and the tallies are then recounted with ``rebuild_tallies`` as a repair would.
"""

from __future__ import annotations

import random
import secrets
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection

from survey_app.auth.passwords import hash_password
from survey_app.extensions import db
from survey_app.instruments import latest_versions
from survey_app.models import (
    Campaign,
    CampaignInstrument,
    CampaignStatus,
    Company,
    CompanyKind,
    Organization,
    Role,
    Team,
    User,
)
from survey_app.results.tallies import rebuild_tallies

PASSWORD = "benchmark password 1"  # noqa: S105 - a throwaway database
LEADER_EMAIL = "leader@bench.example"
TEAMS = ("Enterprise", "Mid-market", "Support")
TEAM_SHARE = (0.5, 0.3, 0.2)
TEAM_SHIFT = (0.3, 0.0, -0.4)  # execution is a little better or worse per team
BATCH = 50_000

INSERT_RESPONSE = (
    "INSERT INTO responses (id, campaign_id, team_id, submitted_on, nonce) VALUES (?, ?, ?, ?, ?)"
)
INSERT_ANSWER = (
    "INSERT INTO answers (response_id, instrument_key, item_key, dimension, value) "
    "VALUES (?, ?, ?, ?, ?)"
)
INSERT_INVITATION = (
    "INSERT INTO invitations (campaign_id, token_hash, kind, team_id, status, emailed, "
    "private_link, created_at) VALUES (?, ?, 'link', ?, ?, 0, 0, ?)"
)


@dataclass(frozen=True)
class Loaded:
    campaign_id: int
    responses: int
    answers: int


def _weights(center: float, lo: int, hi: int, spread: float) -> list[float]:
    """A discretised bell around ``center`` on lo..hi: realistic, and cheap to sample."""
    return [2.718 ** (-(((v - center) / spread) ** 2) / 2) for v in range(lo, hi + 1)]


def _columns(rng: random.Random, campaign: Campaign, team: int, n: int) -> list[tuple]:
    """Per answer slot: (instrument, item, dimension, n sampled values)."""
    columns = []
    for instrument in campaign.pinned_instruments():
        for slot in instrument.slots():
            values = list(range(slot.min, slot.max + 1))
            # A stable per-item profile, the same on every run.
            item_bias = (zlib.crc32(slot.item_key.encode()) % 7 - 3) / 3
            if slot.dimension == "importance":
                weights = _weights(7.5 + item_bias, slot.min, slot.max, 1.6)
            elif slot.dimension == "execution":
                weights = _weights(2.6 + item_bias / 2 + TEAM_SHIFT[team], slot.min, slot.max, 0.8)
            else:  # an enemy: ticked by 5 % to 45 % of the raters
                chance = 0.25 + item_bias * 0.2 - TEAM_SHIFT[team] / 4
                weights = [1 - chance, chance]
            sample = rng.choices(values, weights, k=n)
            columns.append((instrument.key, slot.item_key, slot.dimension, sample))
    return columns


def _setup(k: int) -> tuple[Campaign, list[int]]:
    org = Organization(name="Bench Org", min_group_size=k)
    leader = User(
        organization=org,
        email=LEADER_EMAIL,
        name="Bench Leader",
        password_hash=hash_password(PASSWORD),
        role=Role.LEADER,
    )
    company = Company(organization=org, name="Bench Co", kind=CompanyKind.OWN)
    company.teams = [Team(name=name) for name in TEAMS]
    db.session.add_all([org, leader, company])
    db.session.flush()
    campaign = Campaign(
        organization_id=org.id,
        company=company,
        title="Benchmark wave",
        status=CampaignStatus.CLOSED,
        min_group_size=k,
    )
    campaign.instruments = [
        CampaignInstrument(instrument_key=i.key, instrument_version=i.version, position=n)
        for n, i in enumerate(latest_versions().values())
    ]
    campaign.teams = list(company.teams)
    db.session.add(campaign)
    db.session.commit()
    return campaign, [t.id for t in sorted(company.teams, key=lambda t: TEAMS.index(t.name))]


def _batches(rows: Iterator[tuple], size: int = BATCH) -> Iterator[list[tuple]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(conn: Connection, sql: str, rows: Iterator[tuple]) -> int:
    count = 0
    for batch in _batches(rows):
        conn.exec_driver_sql(sql, batch)
        count += len(batch)
    return count


def load_campaign(n: int, seed: int = 7, k: int = 5) -> Loaded:
    """Create the org, a leader, a company with 3 teams and a campaign of ``n`` responses.

    Every response also has its completed invitation, and a tenth more stay pending, so the
    response rate is read from a realistic invitation table. Needs an app context.
    """
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    campaign, team_ids = _setup(k)
    counts = [int(n * share) for share in TEAM_SHARE]
    counts[0] += n - sum(counts)
    ids = sorted(secrets.token_hex(16) for _ in range(n))
    teams = [t for t, c in enumerate(counts) for _ in range(c)]
    rng.shuffle(teams)
    columns = {t: _columns(rng, campaign, t, c) for t, c in enumerate(counts)}
    position = [0, 0, 0]
    today = date.today().isoformat()
    created = datetime(2026, 1, 5, 9, 0).isoformat(sep=" ")

    def answers() -> Iterator[tuple]:
        for response_id, team in zip(ids, teams, strict=True):
            i = position[team]
            position[team] += 1
            for instrument, item, dimension, sample in columns[team]:
                yield (response_id, instrument, item, dimension, sample[i])

    def invitations() -> Iterator[tuple]:
        for i, team in enumerate(teams + [t for t in teams[: n // 10]]):
            status = "completed" if i < n else "pending"
            # Only a link's digest is stored (models/invitations.py): a random one stands for it.
            yield (campaign.id, secrets.token_hex(32), team_ids[team], status, created)

    responses = (
        (rid, campaign.id, team_ids[t], today, secrets.token_hex(16))
        for rid, t in zip(ids, teams, strict=True)
    )
    # The session's own connection: SQLite has one writer, and the session already holds it.
    conn = db.session.connection()
    _insert(conn, INSERT_RESPONSE, responses)
    n_answers = _insert(conn, INSERT_ANSWER, answers())
    _insert(conn, INSERT_INVITATION, invitations())
    db.session.commit()
    rebuild_tallies(campaign.id)
    return Loaded(campaign.id, n, n_answers)
