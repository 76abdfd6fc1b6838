"""Calendar fixtures: the bundled campaign documents and a store that publishes overrides."""
from __future__ import annotations

import pytest
from calendar_fixtures import PublishingStore, bundled


@pytest.fixture
def published(app):
    store = PublishingStore()
    app.extensions["content_store"] = store
    return store


@pytest.fixture
def parcoursup_2026():
    return bundled("parcoursup-2026")


@pytest.fixture
def affelnet_2026():
    return bundled("affelnet-2026")
