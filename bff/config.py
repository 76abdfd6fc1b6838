"""Settings: embedded defaults, overridden by environment variables.

With nothing set the BFF runs on one machine: SQLite file, in-process cache,
bundled demo data. Production sets DATABASE_URL, REDIS_URL, APPRENTISSAGE_API_KEY...
"""
from __future__ import annotations

import os
from pathlib import Path

INSTANCE_DIR = Path(os.environ.get("BFF_INSTANCE_DIR", Path.cwd() / "instance"))


def from_environment(env=os.environ) -> dict:
    """Settings read from ``env``; only variables that are set are returned."""
    settings = {}
    if env.get("DATABASE_URL"):
        settings["DATABASE_URL"] = env["DATABASE_URL"]
    if env.get("REDIS_URL"):
        settings["REDIS_URL"] = env["REDIS_URL"]
        settings["CACHE_TYPE"] = "RedisCache"
        settings["CACHE_REDIS_URL"] = env["REDIS_URL"]
    for name in ("APPRENTISSAGE_API_KEY", "APPRENTISSAGE_API_URL", "SECRET_KEY",
                 "PUBLIC_URL"):
        if env.get(name):
            settings[name] = env[name]
    return settings


def defaults() -> dict:
    return {
        "DATABASE_URL": f"sqlite:///{INSTANCE_DIR / 'apprentissage.sqlite3'}",
        "CACHE_TYPE": "SimpleCache",
        "CACHE_DEFAULT_TIMEOUT": 300,
        "CACHE_KEY_PREFIX": "aw:",
        "APPRENTISSAGE_API_URL": "https://api.apprentissage.beta.gouv.fr/api",
        "APPRENTISSAGE_API_KEY": None,
        # Base URL the widgets are served from, as seen by browsers (no trailing slash).
        # None: derived from each request (the demo swaps localhost/127.0.0.1 so that
        # host page and widgets are two origins even on one machine).
        "PUBLIC_URL": None,
        "SECRET_KEY": None,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "JSON_SORT_KEYS": False,
    }
