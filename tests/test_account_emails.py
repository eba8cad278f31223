"""One rule for an account's email: ``flask create-user`` takes exactly what sign-in takes.

An account created with an address the sign-in form refuses (a ``.test`` domain) could never
sign in; now both go through ``survey_app.auth.emails``.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from survey_app.auth.forms import LoginForm
from survey_app.extensions import db
from survey_app.models import User

from . import factories

ADDRESSES = [
    "pat@example.com",
    "Pat.Lee+sales@Example.COM",
    "ana@exämple.com",
    "pat@sales.test",  # reserved for testing: email_validator refuses it, and so did sign-in
    "pat@localhost",
    "pat@invalid",
    "pat@example..com",
    "pat example@example.com",
    "not-an-email",
    "@example.com",
    "a" * 250 + "@example.com",
]


def _sign_in_form_takes(app: Flask, address: str) -> bool:
    data = MultiDict({"email": address, "password": factories.PASSWORD})
    with app.test_request_context("/auth/login", method="POST"):
        form = LoginForm(formdata=data, meta={"csrf": False})
        form.validate()
        return not form.email.errors


@pytest.mark.parametrize("address", ADDRESSES)
def test_create_user_takes_an_address_exactly_when_sign_in_does(
    app: Flask, runner: FlaskCliRunner, address: str
) -> None:
    result = runner.invoke(
        args=["create-user", "--email", address, "--password", factories.PASSWORD]
    )
    created = db.session.scalar(select(func.count()).select_from(User)) == 1
    assert created == (result.exit_code == 0), result.output
    assert created == _sign_in_form_takes(app, address), (address, result.output)
    if not created:
        assert "is not a valid email address" in result.output or "at most" in result.output


def test_an_address_create_user_took_signs_in(app: Flask, runner: FlaskCliRunner) -> None:
    address = "Ana.Lee@Example.com"
    result = runner.invoke(
        args=["create-user", "--email", address, "--password", factories.PASSWORD]
    )
    assert result.exit_code == 0, result.output
    response = app.test_client().post(
        "/auth/login", data={"email": address, "password": factories.PASSWORD}
    )
    assert response.status_code == 302


def test_a_reserved_domain_is_refused_with_the_reason(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["create-user", "--email", "pat@sales.test", "--password", factories.PASSWORD]
    )
    assert result.exit_code != 0
    assert "special-use or reserved name" in result.output
