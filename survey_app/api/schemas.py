"""The API's request and response bodies (marshmallow), which also describe it in OpenAPI."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from ..models.campaigns import MAX_K, MIN_K


def _no_nul(value: Any) -> None:
    """PostgreSQL cannot store U+0000: refuse it as a field error, never a 500."""
    texts = value if isinstance(value, list) else [value]
    if any(isinstance(text, str) and "\x00" in text for text in texts):
        raise ma.ValidationError("Must not contain a NUL character (U+0000).")


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details, the body of every error."""

    type = fields.String(metadata={"example": "about:blank"})
    title = fields.String(metadata={"example": "Not Found"})
    status = fields.Integer(metadata={"example": 404})
    detail = fields.String()
    errors = fields.Dict(metadata={"description": "Field -> messages, for a refused body"})


class TeamSchema(ma.Schema):
    id = fields.Integer()
    name = fields.String()
    removed_on = fields.Date(allow_none=True)


class CompanySchema(ma.Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.Function(lambda c: c.kind.value)
    industry = fields.String(allow_none=True)
    teams = fields.Function(
        lambda c: [{"id": t.id, "name": t.name} for t in c.active_teams],
        metadata={"description": "The company's current teams"},
    )


class CampaignSchema(ma.Schema):
    id = fields.Integer()
    company_id = fields.Integer()
    title = fields.String()
    status = fields.Function(lambda c: c.status.value)
    instruments = fields.Function(
        lambda c: [
            {"key": ci.instrument_key, "version": ci.instrument_version} for ci in c.instruments
        ]
    )
    teams = fields.Function(
        lambda c: [{"id": key, "name": name} for key, name in c.team_labels.items()]
    )
    opens_on = fields.Date(allow_none=True)
    closes_on = fields.Date(allow_none=True)
    closed_on = fields.Date(allow_none=True)
    min_group_size = fields.Integer()
    created_at = fields.DateTime()


class CampaignQuerySchema(ma.Schema):
    company_id = fields.Integer(metadata={"description": "Only this company's campaigns"})


class CampaignCreateSchema(ma.Schema):
    company_id = fields.Integer(required=True)
    title = fields.String(required=True, validate=[validate.Length(min=1, max=200), _no_nul])
    instruments = fields.List(
        fields.String(validate=_no_nul),
        required=True,
        metadata={"example": ["teamwork_scorecard", "enemies_of_teamwork"]},
    )
    team_ids = fields.List(fields.Integer(), load_default=list)
    opens_on = fields.Date(allow_none=True, load_default=None)
    closes_on = fields.Date(allow_none=True, load_default=None)
    min_group_size = fields.Integer(
        validate=validate.Range(MIN_K, MAX_K),
        metadata={"description": "k; the organisation's default when left out"},
    )


class InvitationsAddSchema(ma.Schema):
    emails = fields.List(
        fields.String(validate=[validate.Length(max=320), _no_nul]),
        required=True,
        validate=validate.Length(min=1),
    )
    team_id = fields.Integer(allow_none=True, load_default=None)


class InvitationsAddedSchema(ma.Schema):
    created = fields.Integer(metadata={"description": "New invitations stored"})
    already_invited = fields.Integer(metadata={"description": "Addresses left as they were"})
    note = fields.String()


class TeamCountsSchema(ma.Schema):
    team_id = fields.Integer()
    label = fields.String()
    shown = fields.Boolean(metadata={"description": "False below k invitations: no counts"})
    invitations = fields.Integer(allow_none=True)
    pending = fields.Integer(allow_none=True)
    started = fields.Integer(allow_none=True)
    completed = fields.Integer(allow_none=True)


class InvitationCountsSchema(ma.Schema):
    invitations = fields.Integer(allow_none=True)
    pending = fields.Integer(allow_none=True)
    started = fields.Integer(allow_none=True)
    completed = fields.Integer(allow_none=True)
    open_link_unfinished = fields.Integer(allow_none=True)
    teams = fields.List(fields.Nested(TeamCountsSchema))


class ResultsSchema(ma.Schema):
    """Exactly what the dashboard shows: every group has k responses or more."""

    campaign_id = fields.Integer()
    k = fields.Integer()
    visible = fields.Boolean(metadata={"description": "False below k responses: no scores"})
    responses = fields.Integer()
    invitations = fields.Integer()
    completed_invitations = fields.Integer()
    response_rate_pct = fields.Float(allow_none=True)
    snapshot = fields.Dict(allow_none=True)
    scoped = fields.Boolean()
    risk_band = fields.Dict(allow_none=True)
    overall = fields.Dict(allow_none=True)
    teams = fields.List(fields.Dict())
    recommendations = fields.List(fields.Dict())
