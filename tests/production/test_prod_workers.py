"""Steady workers: recycled only after millions of requests or past a memory ceiling,
gracefully; a started worker has its data, templates and texts loaded before it serves."""
from __future__ import annotations

import json
import runpy
import time

import requests

from production_helpers import ROOT

PAY = "/api/v1/pay-simulation?birth_month=2007-05&contract_start=2025-09-01"


def gunicorn_settings(monkeypatch, **env) -> dict:
    for name in ("GUNICORN_MAX_REQUESTS", "GUNICORN_MAX_WORKER_MEMORY_MB",
                 "GUNICORN_MEMORY_CHECK_EVERY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_workers_are_recycled_after_millions_of_requests_with_jitter(monkeypatch):
    settings = gunicorn_settings(monkeypatch)
    # 10 minutes at 3,000 req/s on 2 workers is 900,000 requests each: no restart.
    assert settings["max_requests"] >= 2_000_000
    # Spread so that workers started together never restart together.
    assert settings["max_requests"] // 20 <= settings["max_requests_jitter"] < settings["max_requests"]
    assert settings["MAX_WORKER_MEMORY_MB"] >= 300      # measured level: ~130 MB
    assert 100 <= settings["MEMORY_CHECK_EVERY"] <= 10_000
    assert callable(settings["post_request"]) and callable(settings["post_worker_init"])
    overridden = gunicorn_settings(monkeypatch, GUNICORN_MAX_REQUESTS="100000",
                                   GUNICORN_MAX_WORKER_MEMORY_MB="256")
    assert (overridden["max_requests"], overridden["max_requests_jitter"],
            overridden["MAX_WORKER_MEMORY_MB"]) == (100_000, 10_000, 256)


def expected_templates() -> int:
    from bff import create_app
    from bff.warmup import TEMPLATE_SUFFIXES

    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "CACHE_TYPE": "SimpleCache"})
    return len([n for n in app.jinja_env.list_templates() if n.endswith(TEMPLATE_SUFFIXES)])


def warm_ups(server) -> dict[int, tuple[int, dict]]:
    """{worker pid: (log line number, warm-up state)}"""
    found = {}
    for number, entry in enumerate(server.json_logs()):
        if entry["logger"] == "bff.warmup" and "warm_up" in entry:
            found[entry["pid"]] = (number, entry["warm_up"])
    return found


def first_requests(server) -> dict[int, int]:
    """{worker pid: log line number of its first access line}"""
    first = {}
    for number, entry in enumerate(server.json_logs()):
        if entry["logger"] == "bff.access":
            first.setdefault(entry["pid"], number)
    return first


def test_a_started_worker_is_warm_before_its_first_request(production_env, gunicorn):
    from widgets.registry import WIDGETS

    server = gunicorn(production_env, workers=2, threads=2)
    for _ in range(20):
        assert requests.get(server.url + PAY, headers={"Connection": "close"}).ok
    workers = server.worker_pids()
    deadline = time.monotonic() + 60     # on a loaded machine the second may still warm up
    while set(warm_ups(server)) != workers and time.monotonic() < deadline:
        time.sleep(0.2)
    for _ in range(20):                  # both workers warm: each may now serve
        assert requests.get(server.url + PAY, headers={"Connection": "close"}).ok
    warmed, served = warm_ups(server), first_requests(server)
    assert set(warmed) == workers, (warmed, workers)
    templates = expected_templates()
    for pid, (line, state) in warmed.items():
        assert state["templates"] == templates
        assert state["referentials"] is True and state["texts"] is True
        assert state["pages"] == len(WIDGETS)
        assert state["static_files"] > 10
        # Logged by post_worker_init, before the worker accepted its first connection.
        if pid in served:
            assert line < served[pid], (pid, line, served[pid])
    assert served, "no access line"


def test_a_worker_over_the_memory_ceiling_restarts_gracefully(production_env, gunicorn):
    env = dict(production_env, GUNICORN_MAX_WORKER_MEMORY_MB="1",
               GUNICORN_MEMORY_CHECK_EVERY="5")
    server = gunicorn(env, workers=1, threads=2)
    first = server.worker_pids()
    statuses = [requests.get(server.url + PAY, headers={"Connection": "close"},
                             timeout=60).status_code for _ in range(8)]
    # Every request answered, the ones that waited for the new worker included.
    assert statuses == [200] * 8
    deadline = time.monotonic() + 30
    while not (server.worker_pids() - first) and time.monotonic() < deadline:
        time.sleep(0.2)
    replaced = server.worker_pids() - first
    assert replaced, "the worker over the ceiling was not replaced"
    logs = server.json_logs()
    warnings = [e for e in logs if "GUNICORN_MAX_WORKER_MEMORY_MB=1" in e["message"]]
    assert warnings and warnings[0]["pid"] in first
    assert not [e for e in logs if e["level"] in ("ERROR", "CRITICAL")], \
        json.dumps([e for e in logs if e["level"] in ("ERROR", "CRITICAL")])[:2000]


def test_warm_up_compiles_every_template_and_loads_the_reference_data(app):
    from bff.warmup import TEMPLATE_SUFFIXES, warm_up
    from widgets.offers import referentials

    state = warm_up(app)
    names = {n for n in app.jinja_env.list_templates() if n.endswith(TEMPLATE_SUFFIXES)}
    cached = {key[1] for key in app.jinja_env.cache.keys()}
    assert names and names <= cached, names - cached
    assert state["templates"] == len(names)
    assert app.extensions["warm_up"] is state
    for loader in (referentials._communes, referentials._trades, referentials._training_codes):
        assert loader._value is not None, loader
