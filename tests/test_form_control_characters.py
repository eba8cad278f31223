"""Control characters are refused in every single-line field of every form, at the form layer.

The walk finds the forms by themselves: every ``wtforms.Form`` subclass defined in the package
(after importing all of its modules and building the forms that are made per request), so a
form added later is covered without touching this file. A form that does not derive from the
app's base classes fails here.
"""

from __future__ import annotations

import importlib
import pkgutil
from email.message import Message

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form

import survey_app
from survey_app.campaigns.mail import build_message
from survey_app.extensions import db
from survey_app.input_guard import (
    CONTROL_CHARACTER_MESSAGE,
    AppForm,
    AppSubForm,
    has_control_character,
    is_single_line,
)
from survey_app.models import Campaign, CampaignStatus, InvitationKind

from . import factories

BAD_VALUES = ["Spring\r\nBcc: all@example.com", "line\nbreak", "tab\there", "esc\x1b[31m",
              "nel\x85x", "del\x7f", "ls\u2028x", "ps\u2029x", "\t", "bell\x07"]  # fmt: skip
GOOD_VALUES = ["Spring wave 2025", "Équipe Nord – 北京 😀", "a-b_c.d@example.com"]


def _all_modules() -> None:
    for module in pkgutil.walk_packages(survey_app.__path__, "survey_app."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)


def _build_dynamic_forms(org) -> list[type[Form]]:
    """The forms made per request: the survey, the prospect assessment, the self-check."""
    from survey_app.instruments import ENEMIES, SCORECARD
    from survey_app.prospects.forms import make_assessment_form
    from survey_app.selfcheck.views import _form_class
    from survey_app.surveys.forms import build_survey

    campaign = factories.make_campaign(factories.make_company(org))
    pinned = {i.key: i for i in campaign.pinned_instruments()}
    survey = build_survey(campaign, None).form_class
    assessment = type(
        make_assessment_form(pinned[ENEMIES], pinned[SCORECARD], meta={"csrf": False})
    )
    return [survey, assessment, _form_class()]


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found.add(sub)
        found |= _subclasses(sub)
    return found


def app_form_classes(org) -> list[type[Form]]:
    _all_modules()
    built = _build_dynamic_forms(org)  # held, so that the walk below still finds them
    classes = {c for c in _subclasses(Form) if c.__module__.startswith("survey_app.")}
    classes |= set(built)
    return sorted(classes - {AppForm, AppSubForm}, key=lambda c: (c.__module__, c.__qualname__))


def _fields(form_class: type[Form], data: MultiDict | None = None) -> Form:
    return form_class(formdata=data or MultiDict(), meta={"csrf": False})


def test_every_single_line_field_of_every_form_refuses_control_characters(app, org):
    with app.test_request_context("/", method="POST"):
        classes = app_form_classes(org)
    names = {c.__name__ for c in classes}
    # Not vacuous: the walk found the forms we know of, static and built per request.
    assert {"LoginForm", "CampaignForm", "ProspectForm", "TeamRowForm", "SurveyForm"} <= names
    checked: list[str] = []
    with app.test_request_context("/", method="POST"):
        for form_class in classes:
            assert issubclass(form_class, AppForm | AppSubForm), (
                f"{form_class.__module__}.{form_class.__qualname__} must derive from "
                "survey_app.input_guard.AppForm (or AppSubForm inside a FormField)"
            )
            for field in _fields(form_class):
                if not is_single_line(field):
                    continue
                for value in BAD_VALUES:
                    form = _fields(form_class, MultiDict({field.name: value}))
                    form[field.short_name].validate(form)
                    assert CONTROL_CHARACTER_MESSAGE in form[field.short_name].errors, (
                        form_class.__qualname__,
                        field.name,
                        value,
                    )
                for value in GOOD_VALUES:
                    form = _fields(form_class, MultiDict({field.name: value}))
                    form[field.short_name].validate(form)
                    assert CONTROL_CHARACTER_MESSAGE not in form[field.short_name].errors
                checked.append(f"{form_class.__qualname__}.{field.name}")
    # Every kind of single-line field was met: text, email, password, hidden.
    assert {"LoginForm.email", "LoginForm.password", "CampaignForm.title"} <= set(checked)
    assert "TeamRowForm.name" in checked, checked
    # The survey's nonce is checked by its view (any value, never a form error): exempt.
    assert "SurveyForm.nonce" not in checked, checked
    assert any(name.endswith(".password") for name in checked)


def test_multi_line_fields_keep_their_line_breaks(app, org):
    with app.test_request_context("/", method="POST"):
        from survey_app.companies.forms import CompanyCreateForm

        form = _fields(CompanyCreateForm, MultiDict({"teams": "Sales\r\nSupport\tEMEA"}))
        form.teams.validate(form)
        assert form.teams.errors == []


def test_a_title_with_a_line_break_is_refused_and_nothing_is_stored(leader_client, org):
    company = factories.make_company(org)
    response = leader_client.post(
        "/campaigns/new",
        data={
            "company_id": str(company.id),
            "title": "Spring\r\nBcc: everyone@example.com",
            "instruments": ["teamwork_scorecard"],
            "teams": [str(t.id) for t in company.teams],
            "min_group_size": "5",
        },
    )
    assert response.status_code == 200
    assert CONTROL_CHARACTER_MESSAGE in response.get_data(as_text=True)
    assert db.session.query(Campaign).count() == 0


def test_an_old_title_with_a_line_break_still_mails_on_one_line():
    message = build_message({}, "pat@example.com", "https://x/s/t", "Spring\r\nBcc: x", "A\nB", "")
    assert isinstance(message, Message)  # multipart now: plain text and HTML
    assert message["Subject"] == "Your views on teamwork: Spring Bcc: x"
    assert not has_control_character(str(message["Subject"]))
    assert "Bcc" not in message


def test_opening_never_fails_because_the_mail_failed_after_the_commit(
    app, leader_client, org, monkeypatch
):
    """A campaign stored before the rule, with CR/LF in its title, on a server with SMTP: the
    status change stands, and whatever the mail step raises becomes a warning."""
    campaign = factories.make_campaign(
        factories.make_company(org), title="Old\r\ntitle", status=CampaignStatus.DRAFT
    )
    factories.make_invitation(campaign, email="pat@example.com", kind=InvitationKind.EMAIL)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)  # nothing listens there

    def broken(*_args, **_kwargs):
        raise RuntimeError("the mail step broke")

    monkeypatch.setattr("survey_app.campaigns.views.queue_invitations", broken)
    response = leader_client.post(f"/campaigns/{campaign.id}/open", follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The campaign is now open" in page
    assert "could not be sent" in page
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).status == CampaignStatus.OPEN


@pytest.mark.parametrize("title", ["Old\r\ntitle", "Tab\ttitle"])
def test_mail_actions_of_an_old_campaign_with_control_characters_work(
    app, leader_client, org, title
):
    """Without any monkeypatching: the mail goes to an unreachable server, and each action
    reports that, instead of a 500 on the Subject header."""
    campaign = factories.make_campaign(factories.make_company(org), title=title)
    factories.make_invitation(campaign, email="pat@example.com", kind=InvitationKind.EMAIL)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)
    response = leader_client.post(f"/campaigns/{campaign.id}/invite/send", follow_redirects=True)
    assert response.status_code == 200
    assert "could not be sent" in response.get_data(as_text=True)
