"""Cache, coalescing and stale answers of the offer search (in-process and Redis)."""
from __future__ import annotations

import threading
import time

import pytest
import requests

from bff.offers.service import offers_service
from offers_fakes import PARIS, make_app, serving


def test_equivalent_searches_share_one_upstream_call(upstream, api_client):
    variants = [PARIS, "romes=f1603&latitude=48.8512&longitude=2.3489&radius=30",
                "longitude=2.35&latitude=48.85&romes=F1603", f"{PARIS}&page=2"]
    bodies = [api_client.get(f"/api/v1/offers?{v}").get_json() for v in variants]
    assert upstream.count == 1
    assert all(b["counts"] == {"offers": 2, "companies": 1} for b in bodies)
    api_client.get("/api/v1/offers?romes=F1603&latitude=48.85&longitude=2.35&radius=60")
    api_client.get(f"{'/api/v1/offers?'}{PARIS}&diploma_level=3")
    assert upstream.count == 3                      # radius and level are part of the key
    sent = upstream.calls[0]["params"]
    assert sent["latitude"] == ["48.85"] and sent["longitude"] == ["2.35"]


def test_identical_concurrent_searches_make_one_upstream_call(upstream, api_app):
    upstream.reset("slow", delay=0.4)
    n = 8
    barrier = threading.Barrier(n)
    answers = []

    with serving(api_app) as url:
        def search():
            barrier.wait()
            answers.append(requests.get(f"{url}/api/v1/offers?{PARIS}", timeout=5))

        threads = [threading.Thread(target=search) for _ in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert [a.status_code for a in answers] == [200] * n
    assert len({a.text for a in answers}) == 1
    assert upstream.count == 1


def test_failure_shared_by_coalesced_searches_is_one_call_too(upstream, api_app):
    upstream.reset("timeout", delay=3.0)
    n = 5
    barrier = threading.Barrier(n)
    statuses = []
    with serving(api_app) as url:
        def search():
            barrier.wait()
            statuses.append(requests.get(f"{url}/api/v1/offers?{PARIS}", timeout=5).status_code)

        threads = [threading.Thread(target=search) for _ in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert statuses == [502] * n
    assert upstream.count == 2                      # one search, one retry: not 5 × 2


def test_stale_answer_served_and_marked_when_upstream_fails(upstream, tmp_path):
    app = make_app(upstream.url, tmp_path, OFFERS_CACHE_TTL=1, OFFERS_STALE_TTL=3600)
    client = app.test_client()
    assert client.get(f"/api/v1/offers?{PARIS}").get_json()["stale"] is False
    time.sleep(1.2)                                 # the fresh copy expires
    upstream.reset("500")
    body = client.get(f"/api/v1/offers?{PARIS}").get_json()
    assert body["stale"] is True and body["counts"] == {"offers": 2, "companies": 1}
    assert upstream.count == 3
    html = client.get(f"/widgets/v1/offer-search?caller=demo&{PARIS}").get_data(as_text=True)
    assert 'data-state="stale"' in html and "recherche précédente" in html
    assert "Plombier / Plombière" in html


def test_circuit_state_is_exposed_for_readiness(upstream, tmp_path):
    upstream.reset("500")
    app = make_app(upstream.url, tmp_path, APPRENTISSAGE_BREAKER_THRESHOLD=1,
                   APPRENTISSAGE_MAX_RETRIES=0)
    client = app.test_client()
    assert offers_service(app).circuit_state()["state"] == "closed"
    assert client.get(f"/api/v1/offers?{PARIS}").status_code == 502
    state = offers_service(app).circuit_state()
    assert state["state"] == "open" and state["retry_in_seconds"] > 0
    assert client.get(f"/api/v1/offers?{PARIS}").status_code == 502
    assert upstream.count == 1                      # the open circuit spares the upstream


@pytest.mark.redis
def test_cache_works_over_redis_and_is_shared_between_instances(upstream, tmp_path,
                                                                 redis_url, redis_prefix):
    import redis

    config = dict(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=redis_url,
                  CACHE_KEY_PREFIX=redis_prefix, OFFERS_CACHE_TTL=120, OFFERS_STALE_TTL=7200)
    first = make_app(upstream.url, tmp_path, **config).test_client()
    body = first.get(f"/api/v1/offers?{PARIS}").get_json()
    assert upstream.count == 1
    conn = redis.Redis.from_url(redis_url)
    keys = sorted(k.decode() for k in conn.scan_iter(redis_prefix + "offers:*"))
    assert len(keys) == 2
    ttls = {("stale" if ":stale:" in k else "fresh"): conn.ttl(k) for k in keys}
    assert 0 < ttls["fresh"] <= 120 and 3600 < ttls["stale"] <= 7200
    # Another instance (another process in production) reads the same entry.
    second = make_app(upstream.url, tmp_path, **config).test_client()
    assert second.get(f"/api/v1/offers?{PARIS}").get_json() == body
    assert upstream.count == 1
    # Fresh copy gone, upstream down: the long-lived stale copy in Redis answers.
    conn.delete(*[k for k in keys if ":stale:" not in k])
    upstream.reset("500")
    third = make_app(upstream.url, tmp_path, **config).test_client()
    stale = third.get(f"/api/v1/offers?{PARIS}").get_json()
    assert stale["stale"] is True and stale["offers"] == body["offers"]
    conn.close()
