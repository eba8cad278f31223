"""Comments: what respondents wrote, shown under their own, higher threshold.

The rules (DESIGN "Anonymity", free-text comments):

* a campaign's comments are shown only once it shows at least ``comment_threshold``
  responses (never below k), and only to readers who may see the whole company: a team-scoped
  viewer, or a dashboard filtered to one team, sees none (a comment carries no team, so it
  could come from a team they may not see);
* while the campaign takes answers, only published comments are shown, and comments are
  published in batches of at least k (in the submitting transaction, like the tallies), so two
  views never differ by one person's comment; at close, all are;
* they are shown in random order (their ids are random), with no date and no team, and they
  are never in an export; a hidden one stays in the record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Select, bindparam, func, insert, select, update

from ..clock import today
from ..extensions import db
from ..models import Campaign, CampaignInstrument, Comment
from ..models.comments import MAX_COMMENT_LENGTH, new_comment_id
from ..results.scope import Viewer

if TYPE_CHECKING:  # for the signature only: the results package needs nothing from here
    from ..results.campaign import CampaignResults

FIELD_PREFIX = "comment__"  # the survey form's field for an instrument's comment box

_comments = Comment.__table__
INSERT_COMMENT = insert(_comments)
# Publish every waiting comment of the campaign once at least k of them wait.
PUBLISH_DUE = (
    update(_comments)
    .where(
        _comments.c.campaign_id == bindparam("campaign_id"),
        _comments.c.published.is_(False),
        select(func.count())
        .select_from(_comments)
        .where(
            _comments.c.campaign_id == bindparam("campaign_id"),
            _comments.c.published.is_(False),
        )
        .scalar_subquery()
        >= bindparam("k"),
    )
    .values(published=True)
)
PROMPTED = select(CampaignInstrument.instrument_key).where(
    CampaignInstrument.campaign_id == bindparam("campaign_id"),
    CampaignInstrument.comment_prompt.is_not(None),
)


def posted_comments(formdata: Mapping[str, str]) -> dict[str, str]:
    """instrument key -> the text typed in its comment box (trimmed, blanks dropped)."""
    found: dict[str, str] = {}
    for name in formdata:
        if name.startswith(FIELD_PREFIX):
            text = str(formdata.get(name) or "").strip()
            if text:
                found[name[len(FIELD_PREFIX) :]] = text[:MAX_COMMENT_LENGTH]
    return found


def comment_rows(
    campaign_id: int, comments: Mapping[str, str], prompted: set[str]
) -> list[dict[str, object]]:
    """The rows to insert with a response: only for instruments whose box is on."""
    return [
        {
            "id": new_comment_id(),
            "campaign_id": campaign_id,
            "instrument_key": key,
            "text": text.strip()[:MAX_COMMENT_LENGTH],
            "published": False,
            "hidden": False,
            "tags": [],
        }
        for key, text in comments.items()
        if key in prompted and text.strip()
    ]


def publish_all(campaign_id: int) -> None:
    """At close: every comment may be shown (under the threshold rule). No commit."""
    db.session.execute(
        update(_comments).where(_comments.c.campaign_id == campaign_id).values(published=True)
    )


@dataclass(frozen=True)
class CommentView:
    """What a reader may see of a campaign's comments."""

    shown: bool  # the threshold is met and the reader may see the whole company
    threshold: int
    responses: int  # the responses shown, which the threshold is counted against
    reason: str  # why nothing is shown, when not shown (in the page's language)
    prompts: dict[str, str]  # instrument key -> the question asked
    waiting: bool = False  # not shown only until enough people have answered


def comment_view(
    campaign: Campaign, responses_shown: int, viewer: Viewer, team: int | None
) -> CommentView:
    prompts = campaign.comment_prompts
    threshold = max(campaign.comment_threshold, campaign.min_group_size)
    reason = ""
    waiting = False
    if not prompts:
        reason = _("This campaign asks for no comments.")
    elif viewer.scoped or team is not None:
        reason = _(
            "Comments carry no team, so they are shown only with the whole company's results."
        )
    elif responses_shown < threshold:
        waiting = True
        reason = ngettext(
            "Comments are shown once at least %(num)s person has answered, "
            "so that nobody can be recognised by what they wrote.",
            "Comments are shown once at least %(num)s people have answered, "
            "so that nobody can be recognised by what they wrote.",
            threshold,
        )
    return CommentView(not reason, threshold, responses_shown, reason, prompts, waiting)  # type: ignore[arg-type]


def visible_comments(
    campaign: Campaign, *, query: str = "", hidden: bool = False
) -> Select[tuple[Comment]]:
    """The comments a reader may see (call only when :func:`comment_view` says shown), in
    random but stable order; ``hidden`` lists the hidden ones instead."""
    statement = select(Comment).where(
        Comment.campaign_id == campaign.id, Comment.hidden.is_(hidden)
    )
    if campaign.is_accepting(today()):
        statement = statement.where(Comment.published.is_(True))
    if query:
        pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        statement = statement.where(Comment.text.ilike(pattern, escape="\\"))
    return statement.order_by(Comment.id)


def filter_by_tag(comments: list[Comment], tag: str) -> list[Comment]:
    return [c for c in comments if not tag or tag in (c.tags or [])]


def comment_draft(formdata: Mapping[str, str]) -> dict[str, str]:
    """The typed comments, kept in a draft beside the answers (deleted on submit)."""
    return {FIELD_PREFIX + key: text for key, text in posted_comments(formdata).items()}


def comment_box(campaign: Campaign, typed: Mapping[str, str]) -> dict[str, object]:
    """What the survey form needs to draw each instrument's comment box, if it has one."""
    return {
        "comment_prompts": campaign.comment_prompts,
        "comment_threshold": max(campaign.comment_threshold, campaign.min_group_size),
        "comment_texts": posted_comments(typed),
        "comment_max": MAX_COMMENT_LENGTH,
    }


@dataclass(frozen=True)
class ReportComments:
    prompts: dict[str, str]
    by_instrument: dict[str, list[str]]  # instrument key -> texts, in the page's random order


def report_comments(
    campaign: Campaign, results: CampaignResults, viewer: Viewer
) -> ReportComments | None:
    """The PDF's comments appendix, under the same rule as the page; None when not shown."""
    shown = results.responses if results.visible else 0
    if not comment_view(campaign, shown, viewer, results.team).shown:
        return None
    found = db.session.scalars(visible_comments(campaign))
    by_instrument: dict[str, list[str]] = {}
    for comment in found:
        by_instrument.setdefault(comment.instrument_key, []).append(comment.text)
    if not by_instrument:
        return None
    return ReportComments(campaign.comment_prompts, by_instrument)
