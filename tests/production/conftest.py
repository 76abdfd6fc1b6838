"""Fixtures of the production tests (helpers in production_helpers.py)."""
from __future__ import annotations

import secrets
import sys

import pytest

from production_helpers import ROOT, Gunicorn, SilentServer, migrate

# The benchmarks' fake upstream is shared with these tests.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


@pytest.fixture
def own_postgres_url():
    """A database of this test's own: publications here must not leak into others' tests."""
    import os
    import uuid

    import sqlalchemy as sa

    server = os.environ.get("TEST_POSTGRES_URL",
                            "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    name = f"aw_prod_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield migrate(server.rsplit("/", 1)[0] + "/" + name, production=True)
    with admin.connect() as conn:
        conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE datname = :n"), {"n": name})
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture
def production_env(own_postgres_url, redis_url, redis_prefix) -> dict:
    """A valid production environment on the real PostgreSQL and Redis."""
    return {
        "BFF_ENV": "production",
        "DATABASE_URL": own_postgres_url,
        "REDIS_URL": redis_url,
        "REDIS_KEY_PREFIX": redis_prefix,
        "SECRET_KEY": secrets.token_hex(32),
        "PUBLIC_URL": "http://127.0.0.1",
        "APPRENTISSAGE_API_KEY": "test-key",
        "LOG_LEVEL": "INFO",
    }


@pytest.fixture
def gunicorn(tmp_path):
    """``gunicorn(env, workers=...)`` starts a server, stopped at the end of the test."""
    started = []

    def start(env, wait=True, **kwargs):
        server = Gunicorn(env, tmp_path, name=f"g{len(started)}", **kwargs)
        started.append(server)
        return server.start(wait=wait)

    yield start
    for server in started:
        server.stop()
