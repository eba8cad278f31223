"""Erasing a person: their account and everything that is theirs alone, in one transaction.

``GET /admin/users/<id>/erase`` says what goes and what stays and changes nothing; the
``POST`` to the same URL erases. What goes: the account, its signed-in devices and links (by
``ON DELETE CASCADE``), its private self-checks (with their ticks), the prospect assessments
the person wrote (named observations, with their ticks and notes) and their place on the lists
prospects are shared with. What stays: the prospects they owned (with no owner), campaigns and
their anonymous responses, which were never theirs, and the audit log's entries, which copied
the person's email when each was made: the log is the organisation's record of who did what,
and it is pruned after its retention period like every other entry. The erasure itself is
recorded. Neither one's own account nor the last active admin can be erased.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import delete, func, select
from werkzeug.wrappers import Response

from ..audit import actions, record
from ..auth.access import org_id, roles_required
from ..auth.services import AccountError
from ..extensions import db
from ..input_guard import AppForm
from ..models import Company, ProspectAssessment, Role, SelfCheck, User
from . import services
from .views import bp


@dataclass(frozen=True)
class Footprint:
    self_checks: int
    assessments: int
    owned_prospects: int


def footprint(user: User) -> Footprint:
    def count(query: object) -> int:
        return int(db.session.scalar(query) or 0)  # type: ignore[call-overload]

    return Footprint(
        self_checks=count(select(func.count(SelfCheck.id)).where(SelfCheck.user_id == user.id)),
        assessments=count(
            select(func.count(ProspectAssessment.id)).where(ProspectAssessment.author_id == user.id)
        ),
        owned_prospects=count(select(func.count(Company.id)).where(Company.owner_id == user.id)),
    )


def erase_user(org: int, actor_id: int, user_id: int) -> tuple[str, Footprint]:
    """Erase the user (see the module's note); their name and what went. Commits once."""
    services._lock_organization(org)
    user = services._user(org, user_id)
    if user.id == actor_id:
        db.session.rollback()
        raise AccountError(_("You cannot erase your own account."))
    services._refuse_if_last_admin(org, user)
    name, gone = user.name, footprint(user)
    record(
        actions.ERASE,
        user,
        details=f"{gone.self_checks} self-checks, {gone.assessments} assessments",
    )
    for statement in (
        delete(SelfCheck).where(SelfCheck.user_id == user.id),
        delete(ProspectAssessment).where(ProspectAssessment.author_id == user.id),
        delete(User).where(User.id == user.id),
    ):
        db.session.execute(statement, execution_options={"synchronize_session": False})
    db.session.expire_all()
    db.session.commit()
    return name, gone


@bp.route("/users/<int:user_id>/erase", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def erase(user_id: int) -> Response | str:
    user = services.find_user(org_id(), user_id)
    form = AppForm()
    if form.validate_on_submit():
        try:
            name, _gone = erase_user(org_id(), current_user.id, user_id)
        except AccountError as exc:
            flash(str(exc), "error")
            return redirect(url_for("admin.erase", user_id=user_id))
        flash(_("%(name)s's account and self-checks are erased.", name=name), "success")
        return redirect(url_for("admin.users"))
    return render_template(
        "admin/erase.html", user=user, gone=footprint(user), form=form, me=current_user.id
    )
