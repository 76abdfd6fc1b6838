"""Fixtures of the job-market tests (helpers live in market_fakes.py)."""
from __future__ import annotations

import pytest

from market_fakes import FakeExport


@pytest.fixture(scope="session")
def fake_export_server():
    fake = FakeExport()
    yield fake
    fake.close()


@pytest.fixture
def fake_export(fake_export_server):
    fake_export_server.reset("ok", body=b"[]")
    return fake_export_server


@pytest.fixture(scope="session")
def small_export():
    """600 offers and 300 recruiters, always the same (synthetic, seed 11)."""
    from widgets.market.synthetic import synthetic_export
    return synthetic_export(600, 300, seed=11)


@pytest.fixture(scope="session")
def export_items(small_export):
    """The same items with identifiers like a real export's: a snapshot of them is not
    demonstration data (ids "demo-..." mark it as such)."""
    import copy

    items = copy.deepcopy(small_export)
    for item in items:
        item["identifier"]["id"] = item["identifier"]["id"].replace("demo-", "item-")
    return items
