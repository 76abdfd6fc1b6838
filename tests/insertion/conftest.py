"""Fixtures of the insertion tests: the fake Exposition API on loopback and apps wired to
it (fast timeouts, no page micro-cache so that every request reaches the code)."""
from __future__ import annotations

import pytest

from bff import create_app
from bff.texts import ContentStore
from fake_exposition import FakeExposition

FAST = {
    "INSERJEUNES_CONNECT_TIMEOUT": 0.5,
    "INSERJEUNES_READ_TIMEOUT": 0.6,
    "INSERJEUNES_TOTAL_TIMEOUT": 1.5,
    "INSERJEUNES_MAX_RETRIES": 1,
    "INSERJEUNES_BACKOFF": 0.05,
    "INSERJEUNES_BREAKER_THRESHOLD": 50,
    "INSERJEUNES_BREAKER_RESET": 60.0,
}


def make_app(tmp_path, upstream_url: str | None, **config):
    settings = {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'insertion.sqlite3'}",
                "CACHE_TYPE": "SimpleCache", "PAGE_CACHE_SECONDS": 0,
                "INSERJEUNES_API_URL": upstream_url or "", **FAST}
    settings.update(config)
    return create_app(settings)


class TextStore(ContentStore):
    """Published text overrides keyed by (key, caller); caller None is every caller."""

    def __init__(self):
        self.overrides: dict = {}

    def text_override(self, key, caller):
        return self.overrides.get((key, caller))

    def version(self):
        return str(sorted(self.overrides.items()))


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
