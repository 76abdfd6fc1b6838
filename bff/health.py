"""Health probes for the orchestrator and the load balancer.

``/healthz``: the process answers (liveness: restart it when this fails).
``/readyz``: the database and the cache answer, and the upstream API's circuit
state is reported (readiness: alert, or take the instance out of rotation).
An open upstream circuit does not make an instance unready: the widgets keep
working with their fallback; only what we need to serve every widget counts.
"""
from __future__ import annotations

import time

from flask import Blueprint, current_app, jsonify

from bff.caching import cache

bp = Blueprint("health", __name__)

DATABASE_TIMEOUT_S = 2


@bp.get("/healthz")
def healthz():
    return jsonify({"status": "alive"})


@bp.get("/readyz")
def readyz():
    checks = {"database": _timed(database_check),
              "cache": _timed(cache_check),
              "upstream": upstream_check()}
    ready = checks["database"]["ok"] and checks["cache"]["ok"]
    return jsonify({"status": "ready" if ready else "unready", "checks": checks}), \
        200 if ready else 503


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as error:  # a probe reports failures, it never raises them
        result = {"ok": False, "error": type(error).__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def database_check() -> dict:
    url = current_app.config["DATABASE_URL"]
    backend = url.split(":", 1)[0].split("+", 1)[0]
    store = current_app.extensions.get("content_store")
    healthy = getattr(store, "healthy", None)
    if callable(healthy):
        ok = bool(healthy())
    else:
        ok = _ping_database(url)
    return {"ok": ok, "backend": backend}


def _ping_database(url: str) -> bool:
    import sqlalchemy as sa

    engine = current_app.extensions.get("health_engine")
    if engine is None:
        connect_args = ({"connect_timeout": DATABASE_TIMEOUT_S}
                        if url.startswith("postgres") else {})
        engine = sa.create_engine(url, pool_size=1, max_overflow=0, pool_pre_ping=True,
                                  pool_timeout=DATABASE_TIMEOUT_S,
                                  connect_args=connect_args) \
            if url.startswith("postgres") else sa.create_engine(url)
        current_app.extensions["health_engine"] = engine
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))
    return True


def cache_check() -> dict:
    backend = cache.cache
    healthy = getattr(backend, "healthy", None)
    if callable(healthy):
        return {"ok": bool(healthy()), "backend": "redis"}
    return {"ok": True, "backend": type(backend).__name__}


def upstream_check() -> dict:
    """The offers API client's circuit: closed (normal), open (failing fast), half-open."""
    client = _upstream_client()
    if client is None:
        return {"circuit": "unknown", "configured": False}
    try:
        snapshot = client.circuit_state()
    except Exception as error:
        return {"circuit": "unknown", "error": type(error).__name__}
    if not isinstance(snapshot, dict):
        snapshot = {"state": getattr(snapshot, "value", snapshot)}
    return {"circuit": str(snapshot.get("state", "unknown")),
            "source": getattr(client, "source", None),
            **{k: v for k, v in snapshot.items() if k != "state"}}


def _upstream_client():
    from bff.offers.service import offers_service
    return offers_service()
