"""The survey link's rate limit stops guessing, never an office of real respondents."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from . import factories
from .conftest import app_on_fresh_database


@pytest.fixture
def limited_app(tmp_path) -> Iterator[Flask]:
    """The app with rate limiting on, as in production (the shared fixture turns it off)."""
    with app_on_fresh_database(
        tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://"
    ) as app:
        yield app


@pytest.fixture
def org(limited_app: Flask):
    return factories.make_org()


def test_many_people_behind_one_address_all_get_in(limited_app: Flask, org) -> None:
    campaign = factories.make_campaign(factories.make_company(org))
    tokens = [factories.make_invitation(campaign).token for _ in range(150)]
    client = limited_app.test_client()
    statuses = [client.get(f"/s/{token}").status_code for token in tokens]
    assert statuses == [302] * 150  # more than any per-address limit would let through


def test_guessing_links_is_refused_and_then_refused_for_that_address(
    limited_app: Flask, org
) -> None:
    campaign = factories.make_campaign(factories.make_company(org))
    real = factories.make_invitation(campaign).token
    client = limited_app.test_client()
    guesses = [client.get(f"/s/guess-{n:04d}").status_code for n in range(31)]
    assert guesses[:30] == [404] * 30
    assert guesses[30] == 429
    assert client.get(f"/s/{real}").status_code == 429  # the address is slowed down as a whole
