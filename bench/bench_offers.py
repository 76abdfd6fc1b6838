"""Offer search benchmark: a cached search answer against /api/v1/ping on the same
server in the same run, and an uncached search against a direct call to the same
(fake, loopback) upstream.

    python3 -m bench.bench_offers            # prints the figures
    python3 -m bench.bench_offers --write    # also writes them into docs/benchmarks.md

Goal (issue 4): a cached search answer ≥ 50 % of ping's throughput. Measured with
the in-process cache (the embedded default) and with Redis (production).
"""
from __future__ import annotations

import statistics
import sys
import time

import requests

from bench.fake_upstream import FakeUpstream
from bench.harness import Server, compare, machine_description, wants_write, write_section

CONCURRENCY = 16
CITIES = [(48.86, 2.34), (45.76, 4.84), (43.30, 5.38), (43.60, 1.44), (47.22, -1.55)]
CACHED = [f"/api/v1/offers?romes=D1102,F1603&latitude={lat}&longitude={lon}&radius=30"
          for lat, lon in CITIES]
GOAL_RATIO = 0.5
SAMPLES = 20


def cached_throughput(fake: FakeUpstream, redis_url: str | None):
    env = {"APPRENTISSAGE_API_KEY": "bench-key", "APPRENTISSAGE_API_URL": fake.url}
    if redis_url:
        env["REDIS_URL"] = redis_url
    with Server(env=env) as server:
        server.warm(*CACHED, times=10)
        calls = fake.calls
        result = compare(server, "/api/v1/ping", CACHED, concurrency=CONCURRENCY, duration=4)
        assert fake.calls == calls, "the measured searches must all be cache hits"
        return result


def upstream_overhead(fake: FakeUpstream):
    """Median latency of an uncached search through the BFF vs the same call made
    directly to the upstream (sequential, distinct points so nothing is cached)."""
    env = {"APPRENTISSAGE_API_KEY": "bench-key", "APPRENTISSAGE_API_URL": fake.url}
    direct, through = [], []
    session = requests.Session()   # keep-alive, as the BFF's client
    with Server(env=env, workers=1) as server:
        requests.get(server.url + CACHED[0], timeout=10)          # load code paths
        for n in range(SAMPLES):                                  # < the 55/min quota
            lat, lon = 44.0 + n * 0.1, 1.0 + n * 0.1
            params = f"romes=D1102&latitude={lat:.2f}&longitude={lon:.2f}&radius=30"
            started = time.perf_counter()
            assert session.get(f"{fake.url}/job/v1/search?{params}", timeout=10).ok
            direct.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            assert requests.get(f"{server.url}/api/v1/offers?{params}", timeout=10).ok
            through.append((time.perf_counter() - started) * 1000)
    return statistics.median(direct), statistics.median(through)


def main(write_figures: bool) -> None:
    with FakeUpstream() as fake:
        local = cached_throughput(fake, None)
        shared = cached_throughput(fake, "redis://127.0.0.1:6379/14")
        direct_ms, through_ms = upstream_overhead(fake)
    lines = [
        "### Offer search",
        "",
        f"`python3 -m bench.bench_offers` on {machine_description()}; gunicorn 2 workers × "
        f"4 threads, wrk {CONCURRENCY} connections, 3 interleaved rounds of 4 s, medians; "
        "upstream: the fake API Apprentissage of `bench/fake_upstream.py` on loopback.",
        "",
        "| measure | baseline | offer search | ratio (goal) |",
        "|---|---|---|---|",
        f"| cached answer, in-process cache | ping {local.baseline.row()} | {local.target.row()} "
        f"| **{local.throughput_ratio:.0%}** (≥ {GOAL_RATIO:.0%}) |",
        f"| cached answer, Redis cache | ping {shared.baseline.row()} | {shared.target.row()} "
        f"| **{shared.throughput_ratio:.0%}** (≥ {GOAL_RATIO:.0%}) |",
        f"| uncached search, median of {SAMPLES} sequential | direct upstream call "
        f"{direct_ms:.1f} ms (keep-alive) | through the BFF {through_ms:.1f} ms "
        f"| + {through_ms - direct_ms:.1f} ms (validation, mapping, cache write) |",
    ]
    markdown = "\n".join(lines)
    print(markdown)
    if write_figures:
        write_section("offers", markdown)


if __name__ == "__main__":
    main(wants_write(sys.argv))
