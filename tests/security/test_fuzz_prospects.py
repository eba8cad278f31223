"""Fuzzing the prospect forms (create, edit, assess) and the self-check with Hypothesis.

See ``test_fuzz_forms.py`` for what every fuzz test checks and for the strategies.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.instruments import ENEMIES, SCORECARD, latest_versions
from survey_app.models import (
    Company,
    CompanyKind,
    Organization,
    ProspectAssessment,
    Role,
    SelfCheck,
    User,
)
from tests import factories
from tests.security.test_fuzz_forms import (
    Input,
    assert_loads,
    dates,
    days_from_today,
    filled,
    forms,
    fuzz,
    numbers,
    optional,
    post,
    redirect_id,
    stored,
    texts,
    ticked,
    typed,
)

NOTE_MAX = 2000  # evidence, summaries and self-check notes
DEAL_SIZE_MAX = 10**12

# --- prospects --------------------------------------------------------------------------------

PROSPECT_TABLES = {"companies", "prospect_shares"}


@pytest.fixture
def deal_team(org: Organization, other_org: Organization, rep: User) -> dict[str, User]:
    """Who a prospect can be given to or shared with, and an outsider who cannot."""
    return {
        "me": rep,
        "colleague": factories.make_user(org, Role.REP),
        "outsider": factories.make_user(other_org, Role.REP),
    }


@pytest.fixture
def litware(org: Organization, rep: User) -> Company:
    return factories.make_prospect(org, rep, name="Litware")


insiders = st.sampled_from(["me", "colleague"])
anyone = st.one_of(st.sampled_from(["outsider", ""]), numbers(-1, 10**6))

prospect_fields = {
    "name": Input(filled(200), texts()),
    "industry": Input(optional(120), texts()),
    "deal_size": Input(
        st.one_of(st.just(""), st.integers(0, DEAL_SIZE_MAX).map(str)), numbers(-1, 10**13)
    ),
    "owner": Input(insiders, anyone),
    "shared_with": Input(st.lists(insiders, unique=True), st.lists(anyone, max_size=3)),
    "notes": Input(optional(5000), texts(6000)),
}


def name_people(data: dict[str, Any], team: Mapping[str, User]) -> dict[str, Any]:
    """Put the users' real ids in place of ``me`` / ``colleague`` / ``outsider``."""

    def user_id(value: str) -> str:
        return str(team[value].id) if value in team else value

    data = dict(data)
    if "owner" in data:
        data["owner"] = user_id(data["owner"])
    data["shared_with"] = [user_id(v) for v in data.get("shared_with", [])]
    return data


def check_stored_prospect(
    prospect: Company, data: dict[str, Any], org: Organization, me: User
) -> None:
    assert prospect.kind == CompanyKind.PROSPECT
    assert prospect.organization_id == org.id
    assert prospect.name == data["name"].strip()
    assert prospect.industry == (data.get("industry", "").strip() or None)
    assert prospect.notes == data.get("notes", "").strip()
    deal = data.get("deal_size", "").strip()
    assert prospect.deal_size == (int(deal) if deal else None)
    owner = int(data["owner"])
    assert prospect.owner_id == owner
    # Shared with whoever was ticked except the owner; a rep who hands the deal over keeps it.
    shared = {int(v) for v in data["shared_with"]} - {owner}
    if me.role == Role.REP and owner != me.id:
        shared.add(me.id)
    assert {u.id for u in prospect.shared_with} == shared
    assert all(u.organization_id == org.id for u in prospect.shared_with)


@fuzz(30)
@given(data=forms(prospect_fields))
def test_create_prospect(
    rep_client: FlaskClient, org: Organization, deal_team: dict[str, User], data: dict[str, Any]
) -> None:
    data = name_people(data, deal_team)
    posted = post(rep_client, "/prospects/new", data)
    if posted.status != 302:
        posted.assert_refused()
        return
    posted.assert_changed_only(PROSPECT_TABLES)
    prospect = stored(Company, redirect_id(posted))
    check_stored_prospect(prospect, data, org, deal_team["me"])
    assert_loads(rep_client, f"/prospects/{prospect.id}", f"/prospects/{prospect.id}/assess")
    assert_loads(rep_client, "/prospects/")


@fuzz(30)
@given(data=forms(prospect_fields))
def test_edit_prospect(
    leader_client: FlaskClient,
    leader: User,
    org: Organization,
    deal_team: dict[str, User],
    litware: Company,
    data: dict[str, Any],
) -> None:
    # The leader edits: a leader may always, so handing the deal over in one example does not
    # lock the next examples out (a rep who gives a deal away can no longer edit it).
    prospect_id = litware.id
    data = name_people(data, deal_team)
    posted = post(leader_client, f"/prospects/{prospect_id}/edit", data)
    if posted.status != 302:
        posted.assert_refused()
        return
    posted.assert_changed_only(PROSPECT_TABLES)
    check_stored_prospect(stored(Company, prospect_id), data, org, leader)
    assert_loads(leader_client, f"/prospects/{prospect_id}", f"/prospects/{prospect_id}/edit")


def test_refused_prospect_keeps_what_was_typed(rep_client: FlaskClient, rep: User) -> None:
    name = "<i>Litware</i> & Co"
    data = {"name": name, "owner": str(rep.id), "deal_size": "lots", "notes": "<b>hot</b>"}
    posted = post(rep_client, "/prospects/new", data)
    posted.assert_rejected(200)
    posted.assert_shows_error()
    for text in (name, "lots", "<b>hot</b>"):
        assert typed(text) in posted.page
    assert "<i>Litware</i>" not in posted.page


# --- assessments ------------------------------------------------------------------------------

ENEMY_KEYS = [item.key for item in latest_versions()[ENEMIES].items_of_type("enemy")]
PRACTICE_KEYS = [item.key for item in latest_versions()[SCORECARD].items_of_type("practice")]
ASSESSMENT_TABLES = {"prospect_assessments", "observed_enemies", "observed_practices"}
ticks = Input(st.sampled_from(["y", ""]), st.one_of(st.sampled_from(["on", "false"]), texts(10)))

assessment_fields = {
    "observed_on": Input(days_from_today(-3000, 0), dates()),
    "source": Input(st.sampled_from(["meeting", "call", "reference", "public"]), texts(20)),
    "confidence": Input(st.sampled_from(["low", "medium", "high"]), texts(20)),
    "summary": Input(optional(NOTE_MAX), texts(2500)),
}
# A few enemies and practices keep the examples fast: they all go through the same code.
for _key in ENEMY_KEYS[:6]:
    assessment_fields[f"enemy_{_key}"] = ticks
    assessment_fields[f"evidence_{_key}"] = Input(optional(NOTE_MAX), texts(2500))
for _key in PRACTICE_KEYS[:4]:
    assessment_fields[f"execution_{_key}"] = Input(
        st.sampled_from(["", "1", "2", "3", "4"]), st.one_of(st.sampled_from(["0", "5"]), numbers())
    )
    # Valid only with an execution: the fuzz decides per example whether both come.
    assessment_fields[f"importance_{_key}"] = Input(st.just(""), numbers(-1, 12))


@fuzz(30)
@given(data=forms(assessment_fields))
def test_assess_prospect(
    rep_client: FlaskClient, rep: User, litware: Company, data: dict[str, str]
) -> None:
    prospect_id = litware.id
    posted = post(rep_client, f"/prospects/{prospect_id}/assess", data)
    if posted.status != 302:
        posted.assert_refused()
        return
    posted.assert_changed_only(ASSESSMENT_TABLES)
    assessment = db.session.scalars(
        select(ProspectAssessment).order_by(ProspectAssessment.id.desc())
    ).first()
    assert assessment is not None
    assert assessment.company_id == prospect_id
    assert assessment.author_id == rep.id
    # A form posted without the date (no browser does that) takes the field's default, today.
    observed_on = data.get("observed_on", date.today().isoformat())
    assert assessment.observed_on.isoformat() == observed_on.strip()
    assert assessment.observed_on <= date.today()
    assert assessment.summary == data.get("summary", "").strip()
    assert {e.enemy_key for e in assessment.enemies if e.present} == {
        k for k in ENEMY_KEYS if ticked(data.get(f"enemy_{k}"))
    }
    for enemy in assessment.enemies:
        assert enemy.evidence == data.get(f"evidence_{enemy.enemy_key}", "").strip()
    for practice in assessment.practices:
        assert practice.execution == int(data[f"execution_{practice.practice_key}"])
        importance = data.get(f"importance_{practice.practice_key}", "").strip()
        assert practice.importance == (int(importance) if importance else None)
    # The verdict (with its charts) and the pipeline weigh every assessment by its date.
    assert_loads(rep_client, f"/prospects/{prospect_id}", "/prospects/")


def test_blank_looking_execution_is_refused(rep_client: FlaskClient, litware: Company) -> None:
    """A space as the execution answer was taken as valid, then failed in int(): a 500."""
    data = {
        "observed_on": date.today().isoformat(),
        "source": "meeting",
        "confidence": "high",
        f"execution_{PRACTICE_KEYS[0]}": " ",
    }
    post(rep_client, f"/prospects/{litware.id}/assess", data).assert_refused()


def test_refused_assessment_keeps_what_was_typed(rep_client: FlaskClient, litware: Company) -> None:
    evidence = '<img src=x onerror="alert(1)"> & more'
    data = {
        "observed_on": (date.today() + timedelta(days=3)).isoformat(),  # in the future
        "source": "meeting",
        "confidence": "high",
        f"enemy_{ENEMY_KEYS[0]}": "y",
        f"evidence_{ENEMY_KEYS[0]}": evidence,
        "summary": "<b>summary</b>",
    }
    posted = post(rep_client, f"/prospects/{litware.id}/assess", data)
    posted.assert_rejected(200)
    posted.assert_shows_error()
    assert typed(evidence) in posted.page
    assert typed("<b>summary</b>") in posted.page
    assert "<img src=x" not in posted.page


# --- self-check -------------------------------------------------------------------------------


@fuzz(30)
@given(
    data=forms(
        {
            "note": Input(optional(NOTE_MAX), texts(2500)),
            **{f"enemy_{key}": ticks for key in ENEMY_KEYS[:8]},
        }
    )
)
def test_self_check(rep_client: FlaskClient, rep: User, data: dict[str, str]) -> None:
    posted = post(rep_client, "/self-check/", data)
    if posted.status != 302:
        posted.assert_refused()
        return
    posted.assert_changed_only({"self_checks", "self_check_ticks"})
    check = db.session.scalars(select(SelfCheck).order_by(SelfCheck.id.desc())).first()
    assert check is not None
    assert check.user_id == rep.id
    assert check.note == data.get("note", "").strip()
    assert {t.enemy_key for t in check.ticks} == {
        k for k in ENEMY_KEYS if ticked(data.get(f"enemy_{k}"))
    }
    assert_loads(rep_client, "/self-check/")


def test_refused_self_check_keeps_what_was_typed(rep_client: FlaskClient) -> None:
    note = "<script>x</script>" + "n" * NOTE_MAX  # over the limit
    posted = post(rep_client, "/self-check/", {"note": note, f"enemy_{ENEMY_KEYS[0]}": "y"})
    posted.assert_rejected(200)
    posted.assert_shows_error()
    assert typed(note) in posted.page
    assert "<script>x" not in posted.page
