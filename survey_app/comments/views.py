"""The leader's comments page: read, search, tag by practice or enemy, hide (audited)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..audit import actions, record
from ..auth.access import roles_required
from ..auth.scope import current_viewer
from ..clock import today
from ..dashboard.services import get_campaign
from ..extensions import db
from ..i18n import current_language
from ..instruments.translations import in_language
from ..models import Campaign, Comment, Role
from ..results.campaign import campaign_results
from .services import CommentView, comment_view, filter_by_tag, visible_comments

bp = Blueprint("comments", __name__, url_prefix="/campaigns")
LEADERS = (Role.LEADER, Role.ADMIN)


def _view(campaign: Campaign) -> CommentView:
    viewer = current_viewer()
    results = campaign_results(campaign, viewer=viewer)
    return comment_view(campaign, results.responses if results.visible else 0, viewer, None)


def _tag_choices(campaign: Campaign) -> list[tuple[str, str]]:
    """(key, text) for every practice and enemy of the campaign's instruments, worded in the
    page's language (the instruments' own translations)."""
    language = current_language()
    return [
        (item.key, item.text)
        for instrument in campaign.pinned_instruments()
        for item in in_language(instrument, language).items
    ]


@bp.get("/<int:campaign_id>/comments")
@roles_required(*LEADERS)
def index(campaign_id: int) -> str:
    campaign = get_campaign(campaign_id)
    view = _view(campaign)
    query = (request.args.get("q") or "").strip()[:200]
    choices = _tag_choices(campaign)
    tag = request.args.get("tag") or ""
    tag = tag if tag in dict(choices) else ""
    shown: list[Comment] = []
    hidden: list[Comment] = []
    if view.shown:
        found = db.session.scalars(visible_comments(campaign, query=query))
        shown = filter_by_tag(list(found), tag)
        hidden = list(db.session.scalars(visible_comments(campaign, hidden=True)))
    return render_template(
        "comments/index.html",
        campaign=campaign,
        view=view,
        comments=shown,
        hidden=hidden,
        query=query,
        tag=tag,
        choices=choices,
        texts=dict(choices),
    )


def _comment(campaign_id: int, comment_id: str) -> tuple[Campaign, Comment]:
    """The campaign and a comment of it that the signed-in leader may act on.

    The ids are checked before the role, so that another organisation's (or a missing) id is
    a 404 for everyone, as ``roles_required`` does for the ids it knows: a comment has no
    organisation of its own, only its campaign's."""
    campaign = get_campaign(campaign_id)
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.campaign_id != campaign.id:
        abort(404)
    if not current_user.has_role(*LEADERS):
        abort(403)
    if not _view(campaign).shown or (campaign.is_accepting(today()) and not comment.published):
        abort(404)
    return campaign, comment


def _back(campaign: Campaign) -> Response:
    args = {k: v for k, v in (("q", request.form.get("q")), ("tag", request.form.get("tag"))) if v}
    return redirect(url_for(".index", campaign_id=campaign.id, **args) + "#comments-list")


@bp.post("/<int:campaign_id>/comments/<comment_id>/hide")
@login_required
def hide(campaign_id: int, comment_id: str) -> Response:
    campaign, comment = _comment(campaign_id, comment_id)
    hiding = request.form.get("hidden") != "0"
    if comment.hidden != hiding:
        comment.hidden = hiding
        record(
            actions.COMMENT_HIDDEN if hiding else actions.COMMENT_SHOWN,
            kind="comment",
            label=f"a comment of {campaign.title}",
        )
        db.session.commit()
    flash(
        _("The comment is hidden from every page and the report; it stays in the record.")
        if hiding
        else _("The comment is shown again."),
        "success",
    )
    return _back(campaign)


@bp.post("/<int:campaign_id>/comments/<comment_id>/tags")
@login_required
def tags(campaign_id: int, comment_id: str) -> Response:
    campaign, comment = _comment(campaign_id, comment_id)
    known = dict(_tag_choices(campaign))
    chosen = [key for key in request.form.getlist("tags") if key in known]
    comment.tags = list(dict.fromkeys(chosen))
    db.session.commit()
    flash(_("Tags saved."), "success")
    return _back(campaign)
