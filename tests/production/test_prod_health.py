"""/healthz and /readyz against the real PostgreSQL and Redis, then with each unreachable."""
from __future__ import annotations

import time

import pytest

from bff import create_app, settings

from production_helpers import closed_port


def app_for(env: dict, tmp_path):
    values = settings.from_environment(env)
    return create_app(dict(values, TESTING=True,
                           **({} if "DATABASE_URL" in values else
                              {"DATABASE_URL": f"sqlite:///{tmp_path / 'h.sqlite3'}"})))


@pytest.fixture
def env(postgres_url, redis_url, redis_prefix):
    return {"DATABASE_URL": postgres_url, "REDIS_URL": redis_url,
            "REDIS_KEY_PREFIX": redis_prefix}


def test_healthz_says_alive_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "alive"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_with_postgresql_and_redis_up(env, tmp_path):
    response = app_for(env, tmp_path).test_client().get("/readyz")
    assert response.status_code == 200
    body = response.json
    assert body["status"] == "ready"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["database"]["backend"] == "postgresql"
    assert body["checks"]["cache"] == {"ok": True, "backend": "redis",
                                       "ms": body["checks"]["cache"]["ms"]}
    assert body["checks"]["upstream"]["circuit"] == "closed"
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_reports_redis_unreachable_quickly(env, tmp_path):
    env["REDIS_URL"] = f"redis://127.0.0.1:{closed_port()}/0"
    client = app_for(env, tmp_path).test_client()
    started = time.monotonic()
    response = client.get("/readyz")
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert response.json["status"] == "unready"
    assert response.json["checks"]["cache"]["ok"] is False
    assert response.json["checks"]["database"]["ok"] is True


def test_readyz_reports_a_hung_redis_within_its_timeout(env, tmp_path, silent_server):
    env["REDIS_URL"] = f"redis://127.0.0.1:{silent_server.port}/0"
    env["REDIS_TIMEOUT_MS"] = "150"
    client = app_for(env, tmp_path).test_client()
    started = time.monotonic()
    response = client.get("/readyz")
    assert time.monotonic() - started < 1.5
    assert response.status_code == 503
    assert response.json["checks"]["cache"]["ok"] is False


def test_readyz_reports_postgresql_unreachable(env, tmp_path):
    env["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:{closed_port()}/nothing"
    client = app_for(env, tmp_path).test_client()
    started = time.monotonic()
    response = client.get("/readyz")
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    assert response.json["checks"]["database"]["ok"] is False
    assert response.json["checks"]["cache"]["ok"] is True
    # Liveness does not depend on the database: the process must not be restarted for it.
    assert client.get("/healthz").status_code == 200
