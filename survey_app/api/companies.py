"""``/api/v1/companies``: the organisation's companies and their teams (both scopes)."""

from __future__ import annotations

from typing import Any

from flask import abort
from sqlalchemy import select

from ..extensions import db
from ..models import Company
from ..text import sort_key
from .auth import current_org_id, current_viewer
from .blueprint import bp
from .schemas import CompanySchema, TeamSchema


def own_company(company_id: int) -> Company:
    """The token owner's organisation's company they may see, or 404 like any missing id."""
    company = db.session.scalar(
        select(Company).where(Company.id == company_id, Company.organization_id == current_org_id())
    )
    if company is None or not current_viewer().sees_company(company):
        abort(404)
    return company


@bp.get("/companies")
@bp.response(200, CompanySchema(many=True))
def companies() -> list[Company]:
    """The companies, by name (a team-scoped leader: those with their teams)."""
    viewer = current_viewer()
    rows = db.session.scalars(select(Company).where(Company.organization_id == current_org_id()))
    return sorted((c for c in rows if viewer.sees_company(c)), key=lambda c: sort_key(c.name))


@bp.get("/companies/<int:company_id>")
@bp.response(200, CompanySchema)
def company(company_id: int) -> Company:
    """One company, with its current teams."""
    return own_company(company_id)


@bp.get("/companies/<int:company_id>/teams")
@bp.response(200, TeamSchema(many=True))
def teams(company_id: int) -> list[Any]:
    """A company's teams, removed ones included (with the day they were removed)."""
    viewer = current_viewer()
    return [t for t in own_company(company_id).teams if viewer.sees_team(t.id)]
