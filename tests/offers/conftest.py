"""Fixtures of the offer search tests (helpers live in offers_fakes.py)."""
from __future__ import annotations

import pytest

from offers_fakes import FakeApprentissage, make_app


@pytest.fixture(scope="session")
def fake_upstream():
    fake = FakeApprentissage()
    yield fake
    fake.close()


@pytest.fixture
def upstream(fake_upstream):
    fake_upstream.reset("ok", delay=0.0, retry_after="1", failures_before_ok=1)
    return fake_upstream


@pytest.fixture
def api_app(upstream, tmp_path):
    return make_app(upstream.url, tmp_path)


@pytest.fixture
def api_client(api_app):
    return api_app.test_client()
