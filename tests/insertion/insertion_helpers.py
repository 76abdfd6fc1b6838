"""Helpers of the insertion tests: apps wired to the fake Exposition API (fast timeouts,
no page micro-cache so that every request reaches the code), a text store for overrides."""
from __future__ import annotations

from bff import create_app
from bff.texts import ContentStore

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
    """Published text overrides keyed by (key, scope): "*", "platform:<name>" or a caller."""

    def __init__(self):
        self.overrides: dict = {}

    def text_override(self, key, scope):
        return self.overrides.get((key, scope))

    def version(self):
        return str(sorted(self.overrides.items()))
