"""One name per company or prospect in an organisation, checked the same way by every page.

The create and edit pages of companies and of prospects all call :func:`check_name`, which
compares names as :mod:`survey_app.names` does (case, accents, spacing and invisible characters
aside); the database holds the same rule as a unique key (``companies.name_key``), and
:func:`commit` turns a save that lost the race for a name into the same message as the check.

A record keeps its own name: saving it under the same name (or the same name re-cased) is never
refused, even for two records stored before the rule with one name between them, so that the
edit page never refuses a record that the create page accepted.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..auth.access import org_id
from ..extensions import db
from ..models import Company, CompanyKind
from ..names import name_key, same_name


class NameTaken(ValueError):
    """The name is another company's or prospect's; ``message`` is for the name field."""

    def __init__(self, name: str, holder: Company | None = None) -> None:
        prospect = holder is not None and holder.kind == CompanyKind.PROSPECT
        message = (
            _(
                "A prospect named “%(name)s” already exists. Names are compared without case, "
                "accents or spacing: choose another name.",
                name=name.strip(),
            )
            if prospect
            else _(
                "A company named “%(name)s” already exists. Names are compared without case, "
                "accents or spacing: choose another name.",
                name=name.strip(),
            )
        )
        super().__init__(message)
        self.message = message


def name_holder(name: str, record: Company | None = None) -> Company | None:
    """The other company or prospect of the organisation that has this name, if any."""
    if record is not None and record.name is not None and same_name(record.name, name):
        return None
    query = select(Company).where(
        Company.organization_id == org_id(), Company.name_key == name_key(name)
    )
    if record is not None and record.id is not None:
        query = query.where(Company.id != record.id)
    return db.session.scalars(query.limit(1)).first()


def check_name(name: str, record: Company | None = None) -> None:
    """Raise :class:`NameTaken` when ``name`` belongs to another record than ``record``."""
    holder = name_holder(name, record)
    if holder is not None:
        raise NameTaken(name, holder)


def commit(name: str) -> None:
    """Commit a save of a company named ``name``; a concurrent save that took the name since
    :func:`check_name` raises :class:`NameTaken` (after a rollback), like the check."""
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        if "name_key" not in str(error.orig) and "uq_companies_name_key" not in str(error.orig):
            raise
        raise NameTaken(name) from error
