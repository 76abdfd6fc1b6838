"""The Exposition InserJeunes client against the fake API on loopback: routes, the key,
404 as an answer, and the shared resilience (retries, total budget, breaker)."""
from __future__ import annotations

import logging
import time

import pytest

from bff.upstream.inserjeunes import InserJeunesClient, InserJeunesNotFound
from bff.upstream.resilience import CLOSED, OPEN, RetryPolicy, UpstreamError
from fake_exposition import CFD, MEF, UAI

KEY = "inserjeunes-test-key-4d1e"


def client_for(url, api_key=None, **policy):
    settings = dict(connect_timeout=0.5, read_timeout=0.6, total_timeout=1.5, max_retries=1,
                    backoff_base=0.05, breaker_threshold=50, breaker_reset_after=60.0)
    settings.update(policy)
    return InserJeunesClient(url, RetryPolicy(**settings), api_key=api_key)


def test_the_three_public_routes_and_the_millesime(exposition):
    client = client_for(exposition.url)
    assert client.certification(f"CFD:{CFD}")["millesime"] == "2023"
    assert client.certification(f"CFD:{CFD}", "2022")["millesime"] == "2022"
    assert client.regionale("84", f"MEFSTAT11:{MEF}")["region"]["code"] == "84"
    assert client.formation(UAI, f"CFD:{CFD}", "2021_2022")["uai"] == UAI
    paths = [c["path"] for c in exposition.calls]
    assert paths == [f"/api/inserjeunes/certifications/CFD:{CFD}"] * 2 + [
        f"/api/inserjeunes/regionales/84/certifications/MEFSTAT11:{MEF}",
        f"/api/inserjeunes/formations/{UAI}-CFD:{CFD}"]
    assert [c["params"].get("millesime") for c in exposition.calls] == [
        None, ["2022"], None, ["2021_2022"]]


def test_no_key_is_sent_unless_configured_and_then_only_in_a_header(exposition, caplog):
    caplog.set_level(logging.DEBUG)
    client_for(exposition.url).certification(f"CFD:{CFD}")
    keyed = client_for(exposition.url, api_key=KEY)
    keyed.certification(f"CFD:{CFD}")
    first, second = exposition.calls
    assert first["api_key"] is None and second["api_key"] == KEY
    assert KEY not in second["path"] and KEY not in str(second["params"])
    assert KEY not in repr(keyed) and KEY not in caplog.text


def test_a_404_is_an_answer_with_its_millesimes_not_an_outage(exposition):
    client = client_for(exposition.url, breaker_threshold=1)
    with pytest.raises(InserJeunesNotFound) as error:
        client.certification(f"CFD:{CFD}", "2019")
    assert error.value.body["data"]["millesimesDisponible"] == ["2023", "2022"]
    assert exposition.count == 1                       # not retried
    assert client.circuit_state()["state"] == CLOSED   # not counted as a failure


def test_a_transient_503_is_retried(exposition):
    exposition.reset("flaky", failures_before_ok=1)
    assert client_for(exposition.url).certification(f"CFD:{CFD}")["millesime"] == "2023"
    assert exposition.count == 2


def test_a_persistent_500_gives_up_after_bounded_retries(exposition):
    exposition.reset("500")
    started = time.monotonic()
    with pytest.raises(UpstreamError) as error:
        client_for(exposition.url).certification(f"CFD:{CFD}")
    assert error.value.reason == "http_500" and exposition.count == 2
    assert time.monotonic() - started < 1.5


def test_a_slow_api_stays_within_the_total_budget(exposition):
    exposition.reset("slow", delay=3.0)
    started = time.monotonic()
    with pytest.raises(UpstreamError) as error:
        client_for(exposition.url).certification(f"CFD:{CFD}")
    assert error.value.reason == "timeout"
    assert time.monotonic() - started < 1.5 + 0.5


def test_malformed_json_is_an_error_not_a_crash(exposition):
    exposition.reset("malformed")
    with pytest.raises(UpstreamError) as error:
        client_for(exposition.url).certification(f"CFD:{CFD}")
    assert error.value.reason == "malformed"


def test_the_breaker_opens_then_fails_fast(exposition):
    exposition.reset("500")
    client = client_for(exposition.url, max_retries=0, breaker_threshold=2)
    for _ in range(2):
        with pytest.raises(UpstreamError):
            client.certification(f"CFD:{CFD}")
    assert client.circuit_state()["state"] == OPEN
    with pytest.raises(UpstreamError) as error:
        client.certification(f"CFD:{CFD}")
    assert error.value.reason == "circuit_open" and exposition.count == 2
