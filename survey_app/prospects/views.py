"""Prospect pages: the pipeline, a prospect and its verdict, assessing it, comparing views."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..auth.access import roles_required
from ..charts.track_record import track_record_chart
from ..companies.naming import NameTaken
from ..editing import EditConflict, edit_page, parse_version, refused
from ..extensions import db
from ..models import EvidenceSource
from ..org_settings import prospect_thresholds
from ..reports.formatting import VERDICTS
from ..results.campaign import default_playbook
from . import delete_views, insights, outcome_views, outcomes, report_views, services
from .blueprint import EVERYONE, bp
from .charts import enemies_seen_chart, risk_history_chart, to_page
from .forms import (
    CONFIDENCE_LABELS,
    SOURCE_LABELS,
    ProspectForm,
    enemy_field,
    evidence_field,
    execution_field,
    importance_field,
    make_assessment_form,
)
from .track_record import MIN_DEALS
from .verdict import CONFIDENCE_WEIGHTS, HALF_LIFE_DAYS, Confidence, history

# report_views adds the comparison and PDF routes to bp; delete_views the confirmations;
# outcome_views the deal outcome form.
__all__ = ["bp", "delete_views", "outcome_views", "report_views"]


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


@bp.get("/")
@roles_required(*EVERYONE)
def index() -> str:
    filters = insights.PipelineFilters(
        owner_id=_int_arg("owner"),
        verdict=request.args.get("verdict", "")
        if request.args.get("verdict") in {v for v, _ in insights.VERDICT_FILTERS}
        else "",
        industry=request.args.get("industry", "")[:120],
    )
    track, closed = outcomes.verdict_track_record()
    return render_template(
        "prospects/index.html",
        rows=insights.pipeline(filters, date.today()),
        outcomes=outcomes.outcomes_by_prospect(),
        track=track,
        closed=closed,
        track_figure=to_page(track_record_chart(track)) if closed else None,
        agreement=outcomes.view_agreement(),
        min_deals=MIN_DEALS,
        band_labels=VERDICTS,
        filters=filters,
        users=services.org_users(),
        industries=insights.industries(),
        verdicts=insights.VERDICT_FILTERS,
    )


def _input(form: ProspectForm) -> services.ProspectInput:
    return services.ProspectInput(
        name=form.name.data or "",
        industry=form.industry.data or "",
        deal_size=form.deal_size.data,
        notes=form.notes.data or "",
        owner_id=form.owner.data,
        shared_with=tuple(form.shared_with.data or ()),
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*EVERYONE)
def create() -> Response | str:
    form = ProspectForm()
    form.set_users(services.org_users(), services._me())
    if request.method == "GET":
        form.owner.data = services._me().id
    if form.validate_on_submit():
        try:
            prospect = services.create_prospect(_input(form))
        except NameTaken as taken:
            form.name.errors = [*form.name.errors, taken.message]
        else:
            flash(
                _(
                    "Prospect “%(name)s” created. Record what you have seen so far.",
                    name=prospect.name,
                ),
                "success",
            )
            return redirect(url_for("prospects.assess", prospect_id=prospect.id))
    return render_template("prospects/form.html", form=form, prospect=None)


@bp.route("/<int:prospect_id>/edit", methods=["GET", "POST"])
@roles_required(*EVERYONE)
def edit(prospect_id: int) -> Response | str:
    prospect = services.get_prospect(prospect_id)
    if not services.can_manage(prospect):
        abort(403)
    form = ProspectForm(obj=prospect if request.method == "GET" else None)
    form.set_users(services.org_users(), services._me())
    if request.method == "GET":
        form.owner.data = prospect.owner_id
        form.shared_with.data = [u.id for u in prospect.shared_with]
    conflict: EditConflict | None = None
    if form.validate_on_submit():
        try:
            services.update_prospect(prospect, _input(form), parse_version(form.version.data))
        except EditConflict as changed:
            conflict = refused(form, changed)
        except NameTaken as taken:
            db.session.rollback()
            form.name.errors = [*form.name.errors, taken.message]
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("prospects.detail", prospect_id=prospect.id))
    page = render_template("prospects/form.html", form=form, prospect=prospect, conflict=conflict)
    return edit_page(page, conflict)  # type: ignore[no-any-return]


def _weighting() -> dict[str, object]:
    return {"weights": CONFIDENCE_WEIGHTS, "half_life": int(HALF_LIFE_DAYS)}


@bp.get("/<int:prospect_id>")
@roles_required(*EVERYONE)
def detail(prospect_id: int) -> str:
    prospect = services.get_prospect(prospect_id)
    view = insights.load_view(prospect, date.today())
    obs = [services.observation(a) for a in view.assessments]
    enemies = insights.page_enemies()
    playbook = default_playbook()
    figures = {}
    if obs:
        bands = prospect_thresholds(prospect.organization_id)
        figures["history"] = to_page(risk_history_chart(history(obs), bands))
        figures["enemies"] = to_page(enemies_seen_chart(view.verdict.prevalence, enemies))
    return render_template(
        "prospects/detail.html",
        view=view,
        prospect=prospect,
        figures=figures,
        texts={i.key: i.text for i in enemies.items},
        practice_texts={i.key: i.text for i in insights.page_scorecard().items},
        sources=SOURCE_LABELS,
        confidences=CONFIDENCE_LABELS,
        can_manage=services.can_manage(prospect),
        sees_all=services.sees_all_assessments(prospect),
        insiders=insights.insiders_of(prospect),
        actions=insights.deal_advice(view.verdict, playbook),
        outcome=outcomes.outcome_of(prospect),
        me_id=services._me().id,
        **_weighting(),
    )


def _assessment_input(form: object) -> services.AssessmentInput | None:
    enemies, scorecard = insights.enemies_instrument(), insights.scorecard_instrument()
    data = form.data  # type: ignore[attr-defined]
    execution: dict[str, int] = {}
    importance: dict[str, int] = {}
    ok = True
    for item in scorecard.items_of_type("practice"):
        value = data.get(execution_field(item.key)) or ""
        weight = data.get(importance_field(item.key))
        if value:
            execution[item.key] = int(value)
        if weight is not None:
            if not value:
                field = form[importance_field(item.key)]  # type: ignore[index]
                field.errors = [*field.errors, _("Choose the execution too, or leave this blank.")]
                ok = False
            importance[item.key] = weight
    if not ok:
        return None
    keys = [i.key for i in enemies.items_of_type("enemy")]
    return services.AssessmentInput(
        observed_on=data["observed_on"],
        source=EvidenceSource(data["source"]),
        confidence=Confidence(data["confidence"]),
        ticked=frozenset(k for k in keys if data.get(enemy_field(k))),
        evidence={k: data.get(evidence_field(k)) or "" for k in keys},
        execution=execution,
        importance={k: v for k, v in importance.items() if k in execution},
        summary=data.get("summary") or "",
    )


@bp.route("/<int:prospect_id>/assess", methods=["GET", "POST"])
@roles_required(*EVERYONE)
def assess(prospect_id: int) -> Response | str:
    prospect = services.get_prospect(prospect_id)
    enemies, scorecard = insights.page_enemies(), insights.page_scorecard()
    form = make_assessment_form(enemies, scorecard)
    if form.validate_on_submit():
        data = _assessment_input(form)
        if data is not None:
            services.record_assessment(prospect, data)
            flash(_("Assessment saved. The verdict below includes it."), "success")
            return redirect(url_for("prospects.detail", prospect_id=prospect.id))
    return render_template(
        "prospects/assess.html",
        form=form,
        prospect=prospect,
        enemies=enemies.items_of_type("enemy"),
        practices=scorecard.items_of_type("practice"),
        field_names={
            "enemy": enemy_field,
            "evidence": evidence_field,
            "execution": execution_field,
            "importance": importance_field,
        },
    )


@bp.post("/<int:prospect_id>/assessments/<int:assessment_id>/delete")
@roles_required(*EVERYONE)
def delete_assessment(prospect_id: int, assessment_id: int) -> Response:
    prospect = services.get_prospect(prospect_id)
    services.delete_assessment(prospect, assessment_id)
    flash(_("Your assessment was deleted."), "success")
    return redirect(url_for("prospects.detail", prospect_id=prospect.id))
