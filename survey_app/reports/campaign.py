"""The campaign report: everything a sales team needs for its strategy session, on paper.

Numbers come only from :func:`campaign_results`, which has already removed every group under
k. A campaign under k gets a short report that says so and holds no numbers at all.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from .. import charts
from ..actions.effect import effect_figures, effect_for, template_context
from ..bidi import isolate
from ..charts.theme import item_texts
from ..comments.services import report_comments
from ..extensions import db
from ..i18n import DEFAULT, rendering_in
from ..instruments import in_language
from ..models import Campaign
from ..results.campaign import CampaignResults, campaign_results, risk_band
from ..results.scope import UNSCOPED, Viewer
from ..scoring import RecommendationKind, change, methodology
from . import formatting
from .content import (
    ReportContent,
    chart,
    practice_rows,
    report_filename,
    top_enemies,
    top_priorities,
)
from .waves import wave_point


def _when(campaign: Campaign) -> tuple[date, Any]:
    return (campaign.opens_on or campaign.created_at.date(), campaign.created_at)


def shared_instruments(a: CampaignResults, b: CampaignResults) -> tuple[bool, bool]:
    """(scorecard, enemies): which instruments both waves have results for."""
    card = bool(a.overall and b.overall and a.overall.scorecard and b.overall.scorecard)
    enemies = bool(a.overall and b.overall and a.overall.enemies and b.overall.enemies)
    return card, enemies


def previous_wave(
    campaign: Campaign, results: CampaignResults | None = None, viewer: Viewer = UNSCOPED
) -> tuple[Campaign, CampaignResults] | None:
    """The company's latest earlier campaign with at least k responses that shares an
    instrument with this one (given its ``results``), and its results, as ``viewer`` sees it."""
    others = db.session.scalars(
        select(Campaign).where(
            Campaign.company_id == campaign.company_id,
            Campaign.organization_id == campaign.organization_id,
            Campaign.id != campaign.id,
        )
    ).all()
    earlier = sorted((c for c in others if _when(c) < _when(campaign)), key=_when, reverse=True)
    for candidate in earlier:
        if not viewer.sees_campaign(candidate):
            continue
        found = campaign_results(candidate, viewer=viewer)
        if found.visible and (results is None or any(shared_instruments(found, results))):
            return candidate, found
    return None


SECTION_TITLED = ["distribution"]  # and the team enemies when they get a page of their own


def _figures(results: CampaignResults) -> dict[str, Any]:
    """The shared builders' figures (they make user-typed team names literal for Plotly)."""
    figures = charts.campaign_figures(results)
    if "ipa" in figures:  # on paper the crosshairs must not vanish under a grid line
        figures["ipa"].update_shapes(layer="above")
    titled = [*SECTION_TITLED, "team_enemies"] if "team_practices" in figures else SECTION_TITLED
    for name in titled:  # the page's heading already says what the chart's title says
        if name in figures:
            figures[name].update_layout(title={"text": ""}, margin={"t": 24})
    return figures


def _change(campaign: Campaign, results: CampaignResults, viewer: Viewer) -> dict[str, Any] | None:
    """This wave against the previous one, on the instruments both used and nothing else."""
    found = previous_wave(campaign, results, viewer)
    if found is None or results.overall is None:
        return None
    before_campaign, before = found
    card, enemies = shared_instruments(before, results)
    a, b = wave_point(before_campaign, before), wave_point(campaign, results)
    headlines = [(_("Teamwork Index"), "teamwork_index", True)] if card else []
    headlines += [(_("Culture Risk"), "culture_risk", False)] if enemies else []
    rows = []
    if card:
        texts = item_texts(results.scorecard)
        rows = [
            (texts.get(key, key), a.practices.get(key), value, change(a.practices.get(key), value))
            for key, value in b.practices.items()
        ]
        figure = charts.compare_practices_chart(a, b, results.scorecard)  # escapes the titles
        title = _("Execution % per practice: previous wave and this one")
    else:
        figure = charts.compare_enemies_chart(a, b, results.enemies_instrument)
        title = _("Prevalence of each enemy: previous wave and this one")
    figure.update_layout(title={"text": title})
    return {"before": a, "after": b, "rows": rows, "headlines": headlines, "figure": figure}


def instrument_names(results: CampaignResults) -> list[str]:
    """The instruments a campaign used, as the report names them."""
    names = [_("the Teamwork Scorecard")] if results.scorecard is not None else []
    if results.enemies_instrument is not None:
        names.append(_("the Enemies of Teamwork checklist"))
    return names


def execution_answers(results: CampaignResults) -> dict[int, str]:
    """The execution scale's answers by value, in the report's language (the text quotes them)."""
    scale = results.scorecard.scales.get("execution") if results.scorecard else None
    return {c.value: c.label for c in scale.choices} if scale else {}


def in_report_language(results: CampaignResults, language: str) -> CampaignResults:
    """The results with the instruments' wording in ``language`` (their translation files);
    the numbers are untouched, and English is the definitions' own wording."""
    if language == DEFAULT:
        return results
    card, checklist = results.scorecard, results.enemies_instrument
    translated = in_language(checklist, language) if checklist else None
    overall = results.overall
    return replace(
        results,
        scorecard=in_language(card, language) if card else None,
        enemies_instrument=translated,
        # The band's reasons name enemies: read again with their names in the language.
        risk_band=risk_band(overall.enemies, translated, results.thresholds)
        if overall is not None and results.risk_band is not None
        else results.risk_band,
    )


def campaign_report(
    campaign: Campaign, viewer: Viewer = UNSCOPED, language: str = DEFAULT
) -> ReportContent:
    """The report's content as ``viewer`` may see it, in ``language`` (every sentence, label
    and chart built here is in it); charts are drawn later, in one batch."""
    with rendering_in(language):
        content = _campaign_report(campaign, viewer, language)
    content.language = language
    return content


def _campaign_report(campaign: Campaign, viewer: Viewer, language: str) -> ReportContent:
    results = campaign_results(campaign, viewer=viewer, language=language)  # its actions too
    results = in_report_language(results, language)
    company = campaign.company
    content = ReportContent(
        template="reports/campaign.html",
        title=f"{isolate(company.name)} · {isolate(campaign.title)}",
        filename=report_filename(company.name, campaign.title, _("report")),
    )
    ctx: dict[str, Any] = {
        "campaign": campaign,
        "company": company,
        "results": results,
        "fmt": formatting,
        "methodology": methodology(
            results.k,
            results.thresholds,
            scorecard=results.scorecard is not None,
            enemies=results.enemies_instrument is not None,
        ),
        "instrument_names": instrument_names(results),
        "today": date.today(),
    }
    content.context = ctx
    overall = results.overall
    if overall is None:
        return content
    figures = _figures(results)
    content.charts = {name: chart(fig) for name, fig in figures.items()}
    if "categories" in content.charts:  # shares the page with the quadrant chart
        content.charts["categories"] = chart(figures["categories"], height=300)
    for name in ("team_practices", "team_enemies"):  # each shares a page with a table or heading
        if name in figures:
            content.charts[name] = chart(
                figures[name], height=min(figures[name].layout.height or 600, 600)
            )
    recs = results.recommendations
    ctx.update(
        practice_texts=item_texts(results.scorecard),
        enemy_texts=item_texts(results.enemies_instrument),
        practices=practice_rows(overall.scorecard, results.scorecard) if overall.scorecard else [],
        priorities=top_priorities(overall.scorecard) if overall.scorecard else [],
        enemies_top=top_enemies(overall.enemies) if overall.enemies else [],
        practice_recs=[r for r in recs if r.kind is RecommendationKind.PRACTICE],
        enemy_recs=[r for r in recs if r.kind is RecommendationKind.ENEMY],
        teams_visible=any(team.visible for team in results.teams),
        execution_answers=execution_answers(results),
    )
    change = _change(campaign, results, viewer)
    if change is not None:
        content.charts["change"] = chart(change.pop("figure"), height=400)  # beside its table
        ctx["change"] = change
    ctx["comments"] = report_comments(campaign, results, viewer)  # the appendix, or None
    effect = effect_for(campaign, results, viewer)  # before and after where they acted
    ctx.update(template_context(effect))
    if effect is not None:
        for name, figure in effect_figures(effect).items():
            content.charts[name] = chart(figure, height=min(figure.layout.height or 480, 420))
    return content
