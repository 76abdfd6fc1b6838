"""The API Apprentissage client against a real HTTP server on loopback."""
from __future__ import annotations

import logging
import time

import pytest

from bff.upstream.apprentissage import (ApprentissageClient, ClientSettings, UpstreamError,
                                        UpstreamRejected, retry_after_seconds)
from bff.upstream.resilience import CLOSED, HALF_OPEN, OPEN, CircuitBreaker, RateLimiter

from offers_fakes import API_KEY, refused_url

PARAMS = {"romes": "F1603", "latitude": 48.85, "longitude": 2.35, "radius": 30}


def client_for(url, **overrides):
    settings = dict(base_url=url, api_key=API_KEY, connect_timeout=0.5, read_timeout=0.6,
                    total_timeout=1.5, max_retries=2, backoff_base=0.05, max_retry_after=1.0,
                    calls_per_minute=55, breaker_threshold=50, breaker_reset_after=60.0)
    settings.update(overrides)
    return ApprentissageClient(ClientSettings(**settings))


def test_search_sends_the_key_in_the_header_only(upstream):
    client = client_for(upstream.url)
    payload = client.search_jobs(PARAMS)
    assert [job["identifier"]["id"] for job in payload["jobs"]][0] == "6650f1c2a1b2c3d4e5f60718"
    call, = upstream.calls
    assert call["path"] == "/api/job/v1/search"
    assert call["authorization"] == f"Bearer {API_KEY}"
    assert call["params"]["romes"] == ["F1603"] and call["params"]["radius"] == ["30"]
    assert API_KEY not in repr(client) and API_KEY not in repr(client.settings)


def test_key_never_logged(upstream, caplog):
    caplog.set_level(logging.DEBUG)
    client = client_for(upstream.url)
    client.search_jobs(PARAMS)
    upstream.reset("500")
    with pytest.raises(UpstreamError):
        client.search_jobs(PARAMS)
    assert caplog.records and API_KEY not in caplog.text


def test_transient_5xx_is_retried_then_succeeds(upstream):
    upstream.reset("flaky", failures_before_ok=2)
    payload = client_for(upstream.url).search_jobs(PARAMS)
    assert len(payload["jobs"]) == 2
    assert upstream.count == 3


def test_persistent_500_gives_up_after_bounded_retries(upstream):
    upstream.reset("500")
    started = time.monotonic()
    with pytest.raises(UpstreamError) as error:
        client_for(upstream.url).search_jobs(PARAMS)
    assert error.value.reason == "http_500"
    assert upstream.count == 3                      # 1 try + max_retries
    assert time.monotonic() - started < 1.5


def test_timeout_stays_within_the_total_budget(upstream):
    upstream.reset("timeout", delay=3.0)
    started = time.monotonic()
    with pytest.raises(UpstreamError) as error:
        client_for(upstream.url).search_jobs(PARAMS)
    elapsed = time.monotonic() - started
    assert error.value.reason == "timeout"
    assert elapsed < 1.5 + 0.5
    assert 1 <= upstream.count <= 2                 # a second try only if time was left


def test_429_retry_after_is_waited_for_then_retried(upstream):
    upstream.reset("429-once", retry_after="1")
    started = time.monotonic()
    payload = client_for(upstream.url, total_timeout=3.0).search_jobs(PARAMS)
    assert len(payload["jobs"]) == 2
    assert time.monotonic() - started >= 1.0
    assert upstream.count == 2


def test_long_retry_after_pauses_every_later_call(upstream):
    upstream.reset("429", retry_after="30")
    client = client_for(upstream.url)
    with pytest.raises(UpstreamError) as error:
        client.search_jobs(PARAMS)
    assert error.value.reason == "rate_limited" and upstream.count == 1
    with pytest.raises(UpstreamError) as again:
        client.search_jobs(PARAMS)
    assert again.value.reason == "rate_limited_locally"
    assert upstream.count == 1                      # honoured: no call before Retry-After
    assert client.circuit_state()["state"] == CLOSED


def test_malformed_json_is_an_error_not_a_crash(upstream):
    upstream.reset("malformed")
    with pytest.raises(UpstreamError) as error:
        client_for(upstream.url).search_jobs(PARAMS)
    assert error.value.reason == "malformed" and upstream.count == 1


def test_400_is_a_rejection_that_does_not_trip_the_breaker(upstream):
    upstream.reset("400")
    client = client_for(upstream.url, breaker_threshold=1)
    with pytest.raises(UpstreamRejected) as error:
        client.search_jobs(PARAMS)
    assert "Certification" in str(error.value)
    assert client.circuit_state()["state"] == CLOSED


def test_connection_refused_fails_fast():
    started = time.monotonic()
    with pytest.raises(UpstreamError) as error:
        client_for(refused_url()).search_jobs(PARAMS)
    assert error.value.reason == "connection"
    assert time.monotonic() - started < 1.0


def test_circuit_opens_after_failures_then_lets_one_trial_through(upstream):
    upstream.reset("500")
    client = client_for(upstream.url, max_retries=0, breaker_threshold=2, breaker_reset_after=0.3)
    for _ in range(2):
        with pytest.raises(UpstreamError):
            client.search_jobs(PARAMS)
    assert client.circuit_state()["state"] == OPEN
    with pytest.raises(UpstreamError) as error:
        client.search_jobs(PARAMS)
    assert error.value.reason == "circuit_open" and upstream.count == 2
    time.sleep(0.35)
    assert client.circuit_state()["state"] == HALF_OPEN
    upstream.reset("ok")
    client.search_jobs(PARAMS)
    assert upstream.count == 1 and client.circuit_state()["state"] == CLOSED


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_limiter_never_exceeds_the_quota_in_any_window():
    clock = Clock()
    limiter = RateLimiter(3, window=60.0, clock=clock)
    granted = []
    for second in range(0, 180, 5):
        clock.now = 1000.0 + second
        if limiter.try_acquire(0):
            granted.append(second)
    for start in granted:
        assert sum(1 for g in granted if start <= g < start + 60) <= 3
    assert len(granted) == 9                         # 3 per minute over 3 minutes


def test_limiter_waits_for_a_slot_when_allowed_to():
    clock = Clock()
    limiter = RateLimiter(1, window=60.0, clock=clock)
    assert limiter.try_acquire(0)
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        clock.now += seconds

    assert not limiter.try_acquire(10, sleep=sleep)  # the slot frees in 60 s
    assert limiter.try_acquire(61, sleep=sleep) and slept == [60.0]


def test_half_open_breaker_allows_a_single_trial():
    clock = Clock()
    breaker = CircuitBreaker(threshold=1, reset_after=10, clock=clock)
    breaker.record_failure()
    assert not breaker.allow()
    clock.now += 10
    assert breaker.allow() and not breaker.allow()
    breaker.record_failure()
    assert breaker.state() == OPEN


@pytest.mark.parametrize("value, seconds", [("3", 3.0), ("", None), ("soon", None),
                                            ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0)])
def test_retry_after_parsing(value, seconds):
    assert retry_after_seconds(value) == seconds
