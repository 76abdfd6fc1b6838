"""Fixtures of the wish summary tests: an app on embedded defaults (demo offers), and an
app wired to a fake API Apprentissage on loopback (helpers in summary_fakes.py)."""
from __future__ import annotations

import pytest

from summary_fakes import SummaryUpstream, make_app


@pytest.fixture(scope="session")
def summary_upstream():
    fake = SummaryUpstream()
    yield fake
    fake.release()
    fake.close()


@pytest.fixture
def upstream(summary_upstream):
    summary_upstream.reset("ok", delay=0.0)
    yield summary_upstream
    summary_upstream.release()


@pytest.fixture
def upstream_app(upstream, tmp_path):
    return make_app(upstream.url, tmp_path)


@pytest.fixture
def upstream_client(upstream_app):
    return upstream_app.test_client()
