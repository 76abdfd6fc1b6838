"""Fixtures of the insertion tests (helpers live in insertion_helpers.py): the fake
Exposition API on loopback and apps wired to it."""
from __future__ import annotations

import pytest

from fake_exposition import FakeExposition
from insertion_helpers import make_app


@pytest.fixture(scope="session")
def fake_exposition():
    fake = FakeExposition()
    yield fake
    fake.close()


@pytest.fixture
def exposition(fake_exposition):
    fake_exposition.reset("ok")
    return fake_exposition


@pytest.fixture
def api_app(exposition, tmp_path):
    return make_app(tmp_path, exposition.url)


@pytest.fixture
def api_client(api_app):
    return api_app.test_client()


@pytest.fixture
def offline_app(tmp_path):
    """INSERJEUNES_API_URL empty: the client is off, only the bundled figures remain."""
    return make_app(tmp_path, None)


@pytest.fixture
def offline_client(offline_app):
    return offline_app.test_client()
