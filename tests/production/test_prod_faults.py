"""Faults survived: Redis down or hung, upstream slow / 500 / 429 / garbage.

Widgets keep being served, with the cache bypassed or the offers' fallback link,
and every answer comes within a bounded time.
"""
from __future__ import annotations

import time

import pytest
import redis

from bff import create_app, settings
from bff.caching import cache
from production_helpers import closed_port

from bench.fake_upstream import FakeUpstream

PAY = "/api/v1/pay-simulation?birth_month=2007-05&contract_start=2025-09-01"
OFFERS = "/api/v1/offers?romes=F1603&latitude=48.85&longitude=2.35&radius=30"
# Small upstream timeouts, in production's proportions, so faults are quick to test.
FAST_UPSTREAM = {"APPRENTISSAGE_CONNECT_TIMEOUT": 0.5, "APPRENTISSAGE_READ_TIMEOUT": 0.6,
                 "APPRENTISSAGE_TOTAL_TIMEOUT": 1.5, "APPRENTISSAGE_BACKOFF": 0.05,
                 "APPRENTISSAGE_MAX_RETRY_AFTER": 1.0, "APPRENTISSAGE_BREAKER_THRESHOLD": 3}


def make_app(env: dict, tmp_path, **config):
    values = settings.from_environment(env)
    return create_app(dict(values, TESTING=True,
                           DATABASE_URL=f"sqlite:///{tmp_path / 'faults.sqlite3'}", **config))


def widget_pages(app):
    return sorted(f"{rule.rule}?caller=parcoursup" for rule in app.url_map.iter_rules()
                  if rule.rule.startswith("/widgets/v1/") and "<" not in rule.rule
                  and not rule.rule.endswith(".css"))


def timed(client, url):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


def everything_served(client, app):
    for url in widget_pages(app) + [PAY, OFFERS, "/static/js/embed.js"]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)


def test_with_redis_up_answers_are_shared_through_redis(tmp_path, redis_url, redis_prefix):
    app = make_app({"REDIS_URL": redis_url, "REDIS_KEY_PREFIX": redis_prefix}, tmp_path)
    client = app.test_client()
    assert client.get(OFFERS).status_code == 200
    keys = redis.Redis.from_url(redis_url).keys(redis_prefix + "offers:*")
    assert keys, "the offers answer was not cached in Redis"


def test_redis_down_widgets_still_served_cache_bypassed(tmp_path):
    app = make_app({"REDIS_URL": f"redis://127.0.0.1:{closed_port()}/0"}, tmp_path)
    client = app.test_client()
    started = time.monotonic()
    everything_served(client, app)
    everything_served(client, app)
    assert time.monotonic() - started < 5
    with app.app_context():
        assert cache.cache.bypassed()
        assert cache.get("anything") is None
        assert cache.set("anything", 1) is False


def test_redis_hung_costs_one_timeout_then_is_bypassed(tmp_path, silent_server):
    app = make_app({"REDIS_URL": f"redis://127.0.0.1:{silent_server.port}/0",
                    "REDIS_TIMEOUT_MS": "100"}, tmp_path)
    client = app.test_client()
    first, first_took = timed(client, OFFERS)
    assert first.status_code == 200
    assert first_took < 1.0                     # one 100 ms timeout, not a hang
    started = time.monotonic()
    for _ in range(20):
        assert client.get(OFFERS).status_code == 200
    # Bypassed: twenty more searches pay no Redis timeout at all (20 x 0.1 s otherwise).
    assert time.monotonic() - started < 1.5
    everything_served(client, app)


def test_redis_coming_back_is_used_again(tmp_path, redis_url, redis_prefix, monkeypatch):
    from bff.caching import backend as cache_backend

    monkeypatch.setattr(cache_backend, "RETRY_AFTER", 0.2)
    app = make_app({"REDIS_URL": redis_url, "REDIS_KEY_PREFIX": redis_prefix}, tmp_path)
    with app.app_context():
        backend = cache.cache
        working = backend._write_client, backend._read_client
        dead = redis.Redis(port=closed_port(), socket_connect_timeout=0.1)
        backend._write_client = backend._read_client = dead
        assert cache.set("k", "v") is False and backend.bypassed()
        backend._write_client, backend._read_client = working
        time.sleep(0.25)
        assert cache.set("k", "v") is True
        assert cache.get("k") == "v" and not backend.bypassed()


@pytest.fixture
def upstream():
    with FakeUpstream() as fake:
        yield fake


@pytest.mark.parametrize("mode", ["slow", "500", "429", "garbage"])
def test_upstream_faults_answer_the_fallback_within_bounded_time(tmp_path, upstream, mode):
    upstream.mode, upstream.delay = mode, 5.0
    app = make_app({"APPRENTISSAGE_API_KEY": "k", "APPRENTISSAGE_API_URL": upstream.url},
                   tmp_path, **FAST_UPSTREAM)
    client = app.test_client()
    response, took = timed(client, OFFERS)
    assert response.status_code == 502
    assert response.json["error"]["code"] == "upstream_unavailable"
    assert response.json["fallback_url"].startswith("https://labonnealternance")
    assert took < 2.5, f"{mode}: {took:.2f} s"
    assert response.headers["Cache-Control"] == "no-store"
    # The rest of the widgets do not depend on the upstream.
    for url in widget_pages(app) + [PAY]:
        assert client.get(url).status_code == 200


def test_a_failing_upstream_opens_the_circuit_shown_by_readyz(tmp_path, upstream):
    upstream.mode = "500"
    app = make_app({"APPRENTISSAGE_API_KEY": "k", "APPRENTISSAGE_API_URL": upstream.url},
                   tmp_path, **FAST_UPSTREAM)
    client = app.test_client()
    assert client.get("/readyz").json["checks"]["upstream"]["circuit"] == "closed"
    for n in range(4):
        client.get(OFFERS.replace("radius=30", f"radius={10 + n}"))
    calls = upstream.calls
    response, took = timed(client, OFFERS.replace("radius=30", "radius=50"))
    assert response.status_code == 502 and took < 0.5      # failing fast, no call
    assert upstream.calls == calls
    ready = client.get("/readyz")
    assert ready.json["checks"]["upstream"]["circuit"] == "open"
    # An open circuit degrades one widget; the instance stays in rotation.
    assert ready.status_code == 200


def test_upstream_recovering_serves_offers_again(tmp_path, upstream):
    app = make_app({"APPRENTISSAGE_API_KEY": "k", "APPRENTISSAGE_API_URL": upstream.url},
                   tmp_path, **FAST_UPSTREAM)
    client = app.test_client()
    response = client.get(OFFERS)
    assert response.status_code == 200
    assert response.json["counts"]["offers"] == 12
    assert response.json["source"] == "api-apprentissage"
