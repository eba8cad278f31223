"""Comparing views of a prospect, and the one-page PDF for the deal review."""

from __future__ import annotations

import base64
from datetime import date

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from ..auth.access import roles_required
from ..charts.theme import user_label
from ..downloads import attachment, download_name
from ..i18n import LANGUAGES, rendering_in, report_language
from ..instruments.translations import in_language
from ..models import Company
from ..reports.errors import ReportError
from ..reports.pdf import html_to_pdf
from ..reports.renderer import Chart, get_renderer
from ..results.campaign import default_playbook
from ..text import page_number
from . import insights, services
from .blueprint import EVERYONE, bp
from .charts import Series, enemies_seen_chart, perception_chart, to_page
from .forms import CONFIDENCE_LABELS, SOURCE_LABELS
from .verdict import CONFIDENCE_WEIGHTS, HALF_LIFE_DAYS


def _campaign_series(
    name: str, group: str, found: insights.Insiders | None
) -> tuple[Series, Series] | None:
    """(enemy prevalence, practice execution %) of a campaign with >= k responses."""
    overall = found.results.overall if found else None
    if found is None or overall is None or overall.enemies is None:
        return None
    label = ngettext(
        "%(name)s (%(count)s response)",
        "%(name)s (%(count)s responses)",
        overall.n,
        name=name,
        count=page_number(overall.n),
    )
    enemies = Series(label, {e.key: e.prevalence_pct for e in overall.enemies.prevalences}, group)
    practices = Series(
        label,
        {p.key: p.execution_pct for p in overall.scorecard.practices} if overall.scorecard else {},
        group,
    )
    return enemies, practices


@bp.get("/<int:prospect_id>/compare")
@roles_required(*EVERYONE)
def compare(prospect_id: int) -> str:
    """Observers vs the prospect's employees (anonymous campaign, >= k) vs our own company.

    Our own company is a reference beside a view of the prospect, never a chart of its own: with
    neither an assessment nor a survey of the prospect, the page says so and draws nothing.
    """
    prospect = services.get_prospect(prospect_id)
    view = insights.load_view(prospect, date.today())
    n = view.verdict.assessments
    observers = ngettext(
        "Our observers (%(count)s assessment)",
        "Our observers (%(count)s assessments)",
        n,
        count=page_number(n),
    )
    enemy_series = [Series(observers, view.verdict.prevalence)] if view.assessments else []
    practice_series = [Series(observers, view.verdict.execution)] if view.verdict.execution else []
    insiders = insights.insiders_of(prospect)
    own = insights.own_company_results()
    # A chart legend: the name cut and isolated.
    employees = _("%(name)s employees", name=user_label(prospect.name))
    groups = ((employees, "employees", insiders), (_("Our own company"), "own", own))
    for name, group, found in groups:
        pair = _campaign_series(name, group, found)
        if pair:
            enemy_series.append(pair[0])
            if pair[1].values:
                practice_series.append(pair[1])
    seen = any(s.group != "own" for s in enemy_series)  # a view of the prospect itself
    figures = {}
    if seen:
        figures["enemies"] = to_page(
            perception_chart(
                enemy_series,
                insights.page_enemies(),
                "enemy",
                _("Enemies of teamwork: who sees what"),
                _("Share who see it (observers: weighted)"),
            )
        )
    if seen and any(s.group != "own" for s in practice_series):
        figures["practices"] = to_page(
            perception_chart(
                practice_series,
                insights.page_scorecard(),
                "practice",
                _("Teamwork Scorecard: execution as each group sees it"),
                _("Execution %"),
            )
        )
    return render_template(
        "prospects/compare.html",
        prospect=prospect,
        view=view,
        insiders=insiders,
        own=own,
        figures=figures,
    )


def _svg_data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _language() -> str:
    """The language the one-pager is asked in (``?lang=fr``), else the signed-in user's own
    (the prospect page's), else English."""
    asked = str(request.args.get("lang", "")).lower()
    return asked if asked in LANGUAGES else report_language()


@bp.get("/<int:prospect_id>/one-pager.pdf")
@roles_required(*EVERYONE)
def one_pager(prospect_id: int) -> Response:
    """One page for the deal review: verdict, reasons with evidence, chart, recommendations,
    in the language asked (every sentence, name, date and number on it)."""
    prospect = services.get_prospect(prospect_id)
    language = _language()
    try:
        with rendering_in(language):
            html = _one_pager_html(prospect, language)
        pdf = html_to_pdf(html)
    except ReportError as error:
        current_app.logger.warning("one-pager of prospect %s failed: %s", prospect.id, error)
        with rendering_in(report_language()):  # the message shows on the prospect's page
            flash(_("The one-pager could not be made: %(error)s", error=str(error)), "error")
        return redirect(url_for("prospects.detail", prospect_id=prospect.id))
    name = download_name("one-pager", prospect.name, suffix=".pdf", default="one-pager")
    return attachment(pdf, "application/pdf", name)


def _one_pager_html(prospect: Company, language: str) -> str:
    """The one-pager's page, inside ``rendering_in(language)``: the verdict's reasons name the
    enemies in it, and the advice is the playbook's in it."""
    view = insights.load_view(prospect, date.today())
    enemies = in_language(insights.enemies_instrument(), language)
    actions = insights.deal_advice(view.verdict, default_playbook(language))
    chart = ""
    if view.assessments:
        bars = min(6, sum(1 for share in view.verdict.prevalence.values() if share > 0))
        height = 60 + 20 * max(bars, 1)  # one enemy is one slim bar, not a red block
        fig = enemies_seen_chart(view.verdict.prevalence, enemies, limit=6)
        fig.update_layout(height=height, title={"text": ""}, margin={"t": 8})
        svgs = get_renderer().render({"enemies": Chart(fig, width=620, height=height)})
        chart = _svg_data_url(svgs["enemies"])
    return render_template(
        "prospects/one_pager.html",
        prospect=prospect,
        view=view,
        chart=chart,
        actions=actions,
        texts={i.key: i.text for i in enemies.items},
        sources=SOURCE_LABELS,
        confidences=CONFIDENCE_LABELS,
        weights=CONFIDENCE_WEIGHTS,
        half_life=int(HALF_LIFE_DAYS),
        today=date.today(),
    )
