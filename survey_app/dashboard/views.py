"""Dashboard pages for leaders and admins: one campaign's results, a company's waves.

Figures reach the page as JSON in ``<script type="application/json">`` elements and are drawn
by ``static/js/charts.js`` (the CSP allows no inline script).
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from markupsafe import Markup
from plotly.graph_objects import Figure

from ..actions.effect import effect_figures, effect_for, template_context
from ..auth.access import roles_required
from ..auth.scope import current_viewer
from ..charts import (
    compare_enemies_chart,
    compare_practices_chart,
    trend_headline_chart,
    trend_practices_chart,
)
from ..charts.theme import quadrant_name
from ..models import CampaignStatus, Role
from ..reports.formatting import band_label
from ..reports.waves import Wave, company_waves
from ..scoring import CrosshairMode
from .filters import filter_choices, rest_comparison, team_filter
from .services import campaign_dashboard, delta, get_campaign, get_company

bp = Blueprint(
    "dashboard",
    __name__,
    static_folder="static",
    static_url_path="/dashboard-assets",
)
LEADERS = (Role.LEADER, Role.ADMIN)
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
STATUS_NAMES = {
    CampaignStatus.DRAFT: lazy_gettext("Draft"),
    CampaignStatus.OPEN: lazy_gettext("Open"),
    CampaignStatus.CLOSED: lazy_gettext("Closed"),
}


@bp.app_template_global()
def status_name(value: str) -> str:
    """A campaign's status in the page's language ("Open")."""
    name = STATUS_NAMES.get(CampaignStatus(value)) if value in STATUS_NAMES else None
    return value.capitalize() if name is None else str(name)


# The names the dashboard templates print in the page's language: quadrants and bands are
# stored as their English names, which the pages used to print as they are.
WORDS = {"quadrant_name": quadrant_name, "band_label": band_label, "status_name": status_name}


def figure_json(fig: Figure) -> Markup:
    """The figure as JSON that is safe inside a ``<script>`` element (no ``</script>``)."""
    return Markup(fig.to_json().translate(_JSON_ESCAPES))  # noqa: S704 - escaped above


@bp.app_template_filter("signed")
def signed(value: float | None, digits: int = 0) -> str:
    """A delta with its sign, e.g. "+4" or "−3"; a dash when missing."""
    if value is None:
        return "—"
    text = f"{value:+.{digits}f}"
    return text.replace("-", "\u2212")


@bp.get("/campaigns/<int:campaign_id>/dashboard")
@roles_required(*LEADERS)
def campaign(campaign_id: int) -> str:
    record = get_campaign(campaign_id)
    mode = CrosshairMode.FIXED if request.args.get("crosshairs") == "fixed" else CrosshairMode.MEAN
    viewer = current_viewer()
    team = team_filter(record, viewer, request.args.get("team"))
    board = campaign_dashboard(record, mode, viewer, team)
    figures = {name: figure_json(fig) for name, fig in board.figures.items()}
    comparison = rest_comparison(board, viewer.scoped)
    if comparison is not None:
        figures.update({name: figure_json(fig) for name, fig in comparison.figures.items()})
    effect = effect_for(record, board.results, viewer)  # before and after where they acted
    if effect is not None:
        figures.update({name: figure_json(fig) for name, fig in effect_figures(effect).items()})
    return render_template(
        "dashboard/campaign.html",
        **template_context(effect),
        **WORDS,
        board=board,
        figures=figures,
        filters=filter_choices(record, viewer),
        team=team,
        comparison=comparison,
        scoped=viewer.scoped,
    )


def _pick(waves: list[Wave], raw: str | None, fallback: Wave | None) -> tuple[Wave | None, bool]:
    """The visible wave named by ``raw`` (a campaign id); (fallback, False) when it is not one."""
    if raw is None or raw == "":
        return fallback, True
    match = next((w for w in waves if str(w.campaign.id) == raw and w.point), None)
    return (match, True) if match else (fallback, False)


@bp.get("/companies/<int:company_id>/trends")
@roles_required(*LEADERS)
def trends(company_id: int) -> str:
    company = get_company(company_id)
    waves = company_waves(company, current_viewer())
    visible = [w for w in waves if w.point is not None]
    points = [w.point for w in visible if w.point is not None]
    instrument = next((w.results.scorecard for w in reversed(visible) if w.results.scorecard), None)
    enemies = next(
        (w.results.enemies_instrument for w in reversed(visible) if w.results.enemies_instrument),
        None,
    )
    figures: dict[str, Markup] = {}
    if points:
        figures["trend_headline"] = figure_json(trend_headline_chart(points))
        figures["trend_practices"] = figure_json(trend_practices_chart(points, instrument))

    a, ok_a = _pick(waves, request.args.get("a"), visible[-2] if len(visible) > 1 else None)
    b, ok_b = _pick(waves, request.args.get("b"), visible[-1] if visible else None)
    compare_error = None if ok_a and ok_b else _("Choose two waves from the lists.")
    same = a is not None and b is not None and a.campaign.id == b.campaign.id
    if same:  # a wave beside itself shows "no change" everywhere, which says nothing
        compare_error = _(
            "Choose two different waves: a wave compared with itself shows no change."
        )
    comparison = None
    if a and b and a.point and b.point and not same:
        figures["compare_practices"] = figure_json(
            compare_practices_chart(a.point, b.point, instrument)
        )
        figures["compare_enemies"] = figure_json(compare_enemies_chart(a.point, b.point, enemies))
        comparison = {
            "a": a.point,
            "b": b.point,
            "index_delta": delta(a.point.teamwork_index, b.point.teamwork_index),
            "risk_delta": delta(a.point.culture_risk, b.point.culture_risk),
        }
    return render_template(
        "dashboard/trends.html",
        **WORDS,
        company=company,
        waves=waves,
        visible=visible,
        figures=figures,
        instrument=instrument,
        enemies=enemies,
        a=a,
        b=b,
        comparison=comparison,
        compare_error=compare_error,
        delta=delta,
    )
