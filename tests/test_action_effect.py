"""The next wave shows what changed where the leaders acted, beside what had no action."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

from flask import Flask
from sqlalchemy import select

from survey_app.actions.effect import CAVEAT, effect_for, summary_sentence
from survey_app.extensions import db
from survey_app.models import Campaign, Organization, Role
from survey_app.models.actions import Action, ActionStatus, TargetKind
from survey_app.reports.campaign import campaign_report
from survey_app.reports.document import render_html
from survey_app.results.campaign import campaign_results
from survey_app.results.scope import UNSCOPED
from tests import factories
from tests.conftest import login
from tests.security.test_xss import read_html


def _waves() -> list[Campaign]:
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.opens_on)).all()
    return [c for c in campaigns if c.title.endswith("teamwork pulse")]


def _act(campaign: Campaign, kind: TargetKind, key: str, status: ActionStatus) -> Action:
    action = Action(
        organization_id=campaign.organization_id,
        company_id=campaign.company_id,
        campaign_id=campaign.id,
        target_kind=kind,
        target_key=key,
        title=f"Work on {key}",
        due_on=date.today() + timedelta(days=30),
        status=status,
    )
    db.session.add(action)
    db.session.commit()
    return action


def test_the_next_wave_shows_before_and_after_for_what_had_an_action(demo_app: Flask) -> None:
    first, second, _open = _waves()
    practice = campaign_results(first).overall.scorecard.practices[0].key
    enemy = campaign_results(first).overall.enemies.prevalences[0].key
    assert effect_for(second, campaign_results(second), UNSCOPED) is None  # nothing acted on
    actions = [
        _act(first, TargetKind.PRACTICE, practice, ActionStatus.DONE),
        _act(first, TargetKind.ENEMY, enemy, ActionStatus.IN_PROGRESS),
        _act(first, TargetKind.PRACTICE, "some_other", ActionStatus.DROPPED),  # not counted
    ]
    try:
        results = campaign_results(second)
        effect = effect_for(second, results, UNSCOPED)
        assert effect is not None
        assert effect.before.campaign_id == first.id
        assert effect.after.campaign_id == second.id
        acted = effect.of(TargetKind.PRACTICE, True)
        assert [r.key for r in acted] == [practice]
        assert len(effect.of(TargetKind.PRACTICE, False)) == 8  # the other practices beside it
        row = acted[0]
        before = campaign_results(first).overall.scorecard.practices[0].execution_pct
        after = results.overall.scorecard.practices[0].execution_pct
        assert (row.before, row.after) == (before, after)
        # The first wave shows nothing of the kind: its actions come after it.
        assert effect_for(first, campaign_results(first), UNSCOPED) is None

        org = db.session.get(Organization, first.organization_id)
        leader = factories.make_user(org, Role.LEADER)
        client = login(demo_app.test_client(), leader)
        page = client.get(f"/campaigns/{second.id}/dashboard")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        text = "\n".join(read_html(html).texts)
        assert "What changed where you acted" in text
        assert CAVEAT in text
        assert summary_sentence(effect, TargetKind.PRACTICE) in text
        assert 'id="chart-effect_practices"' in html
        assert 'id="chart-effect_enemies"' in html
        first_page = client.get(f"/campaigns/{first.id}/dashboard").get_data(as_text=True)
        assert "What changed where you acted" not in first_page

        report = campaign_report(second)
        assert report.context["effect"] is not None
        assert set(report.charts) >= {"effect_practices", "effect_enemies"}

        # The report's section in French: its sentences and chart captions, with no English.
        french = campaign_report(second, language="fr")
        images = {name: "data:image/svg+xml;base64,PHN2Zy8+" for name in french.charts}
        html = render_html(french, "a4", images)
        start = html.index('<section class="page" id="action-effect">')
        section = html[start : html.index("</section>", start) + len("</section>")]
        alts = [unescape(alt) for alt in re.findall(r'alt="([^"]*)"', section)]
        caption = (
            "dans la vague précédente et celle-ci\u202f; un point marque ce qui a fait l’objet"
        )
        assert f"Mise en œuvre % {caption} d’une action" in alts
        section = " ".join(unescape(re.sub(r"<[^>]+>", " ", section)).split())  # its text
        assert f"Depuis {first.title}" in section
        for english in ("Since", "previous wave", "a dot marks", "What changed"):
            assert english not in section, english
            assert not any(english in alt for alt in alts), english
    finally:
        for action in actions:
            db.session.delete(action)
        db.session.commit()


def test_a_team_filter_or_a_scoped_viewer_gets_no_before_and_after(demo_app: Flask) -> None:
    first, second, _open = _waves()
    practice = campaign_results(first).overall.scorecard.practices[0].key
    action = _act(first, TargetKind.PRACTICE, practice, ActionStatus.DONE)
    try:
        team = second.teams[0].id
        assert effect_for(second, campaign_results(second, team=team), UNSCOPED) is None
    finally:
        db.session.delete(action)
        db.session.commit()
