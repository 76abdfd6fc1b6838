"""Fixtures of the guide tests: a content store with overrides, the widget URL."""
from __future__ import annotations

import pytest

from bff.texts import ContentStore

CLE = "088281P01313885594860007038855948600070-67118#L01"


class GuideTestStore(ContentStore):
    """Published overrides keyed by (text key, scope): "*", "platform:<name>" or a caller."""

    def __init__(self, overrides: dict | None = None):
        self.overrides = dict(overrides or {})

    def text_override(self, key, scope):
        return self.overrides.get((key, scope))

    def version(self):
        return str(sorted(self.overrides.items()))


@pytest.fixture
def guide_store(app):
    store = GuideTestStore()
    app.extensions["content_store"] = store
    return store
