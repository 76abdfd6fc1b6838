"""CPU of an uncached offer search, in process: before and after in the same run.

    python3 -m bench.bench_search_cpu            # prints the figures (about a minute)
    python3 -m bench.bench_search_cpu --write    # also writes them into docs/benchmarks.md

An uncached search is ``/api/v1/offers`` for a point never searched before: the BFF calls
the job search (the fake API of ``bench/fake_upstream.py`` on loopback, 12 offers and 4
companies per answer, in a process of its own), validates and maps every item,
stores the answer and encodes it. Its "own CPU" is the CPU time of the thread serving
the request (``time.thread_time``), so neither the fake upstream nor the time spent
waiting for it counts. No HTTP server: the Flask test client calls the app.

"Before" is the same app with what this change replaced put back: items validated by
``Schema.load`` of marshmallow, the HTTP client reading proxies and .netrc from the
environment on each call (``trust_env``), and flask-caching's stock in-process cache, which
once full sorts all its entries on every write (``bff.caching.backend.BatchPrunedSimpleCache``
prunes in batches). The cache is filled first, as a long-running embedded server's is. Rounds of both alternate (``ROUNDS`` x
``SAMPLES`` requests each); the figure is the median of the round medians, the spread
the lowest and highest round median. Goal (issue 18): <= 2.5 ms.
"""
from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time

import subprocess
from contextlib import contextmanager

import requests

from bench.fake_upstream import synthetic_search
from bench.harness import ROOT, free_port, machine_description, wants_write, write_section

ROUNDS = 5
SAMPLES = 200
GOAL_MS = 2.5


def cpu_ms(call, count: int, offset: int = 0) -> list[float]:
    times = []
    for n in range(count):
        started = time.thread_time()
        call(n + offset)
        times.append((time.thread_time() - started) * 1000)
    return times


@contextmanager
def before_this_change(app):
    """Marshmallow's Schema.load for every item, requests' per-call environment, and
    flask-caching's stock in-process cache (pruned on every write once full), holding the
    same entries."""
    from flask_caching.backends.simplecache import SimpleCache

    from bff.caching import cache
    from bff.offers.service import offers_service
    from widgets.offers import upstream_schemas as schemas

    loaders = schemas.JOB_OFFER_LOADER, schemas.RECRUITER_LOADER
    session = offers_service(app).provider.session
    ours = app.extensions["cache"][cache]
    stock = SimpleCache(threshold=ours._threshold, default_timeout=ours.default_timeout)
    stock._cache = ours._cache
    schemas.JOB_OFFER_LOADER, schemas.RECRUITER_LOADER = schemas.JOB_OFFER, schemas.RECRUITER
    session.trust_env = True
    app.extensions["cache"][cache] = stock
    try:
        yield
    finally:
        schemas.JOB_OFFER_LOADER, schemas.RECRUITER_LOADER = loaders
        session.trust_env = False
        app.extensions["cache"][cache] = ours


@contextmanager
def fake_upstream():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "bench.fake_upstream", str(port)],
                               cwd=ROOT, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                requests.get(url + "/job/v1/search?romes=F1603", timeout=1)
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def run() -> dict:
    from bff import create_app
    from widgets.offers import upstream_schemas as schemas
    from widgets.offers.results import build_results

    figures = {"before": [], "after": [], "hit": [], "validate_before": [],
               "validate_after": []}
    payload = json.dumps(synthetic_search(45.76, 4.83, ["F1603"]))
    with fake_upstream() as upstream_url:
        app = create_app({
            "TESTING": True, "DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3",
            "CACHE_TYPE": "bff.caching.backend.BatchPrunedSimpleCache", "APPRENTISSAGE_API_KEY": "bench",
            "APPRENTISSAGE_API_URL": upstream_url, "APPRENTISSAGE_CALLS_PER_MINUTE": 10**6})
        client = app.test_client()
        headers = {"Accept-Encoding": "gzip, deflate, br, zstd"}
        counter = iter(range(10**7))

        def uncached(_):
            n = next(counter)   # a new point each time: never in any cache
            url = (f"/api/v1/offers?romes=F1603&latitude={43 + (n % 500) * 0.01:.2f}"
                   f"&longitude={(n // 500) * 0.01 - 1:.2f}&radius=30")
            assert client.get(url, headers=headers).status_code == 200

        def hit(_):
            assert client.get("/api/v1/offers?romes=F1603&latitude=45.76&longitude=4.83"
                              "&radius=30", headers=headers).status_code == 200

        for _ in range(30):        # load code paths, connections and caches
            uncached(0)
            hit(0)
        with app.app_context():    # a long-running server's in-process cache is full
            from bff.caching import cache
            for n in range(app.config.get("CACHE_THRESHOLD", 500)):
                cache.set(f"bench:filler:{n}", n, timeout=3600)
        for _ in range(ROUNDS):
            with before_this_change(app):
                figures["before"].append(statistics.median(cpu_ms(uncached, SAMPLES)))
                figures["validate_before"].append(statistics.median(cpu_ms(
                    lambda _: build_results(json.loads(payload), (45.76, 4.83)), SAMPLES)))
            figures["after"].append(statistics.median(cpu_ms(uncached, SAMPLES)))
            figures["validate_after"].append(statistics.median(cpu_ms(
                lambda _: build_results(json.loads(payload), (45.76, 4.83)), SAMPLES)))
            figures["hit"].append(statistics.median(cpu_ms(hit, SAMPLES)))
        assert schemas.JOB_OFFER_LOADER is not schemas.JOB_OFFER
    return figures


def summary(values: list[float]) -> str:
    return (f"{statistics.median(values):.2f} ms "
            f"(rounds {min(values):.2f}–{max(values):.2f})")


def main(write: bool) -> None:
    figures = run()
    after = statistics.median(figures["after"])
    before = statistics.median(figures["before"])
    lines = [
        "### Offer search: CPU of an uncached search",
        "",
        f"`python3 -m bench.bench_search_cpu` on {machine_description()}: in process (Flask "
        f"test client, no HTTP server), CPU time of the serving thread (`time.thread_time`), "
        f"fake job search on loopback (12 offers, 4 companies), {ROUNDS} interleaved rounds "
        f"of {SAMPLES} searches at points never searched before; medians of the round "
        "medians, spread = lowest–highest round. \"Before\": items validated by marshmallow's "
        "`Schema.load`, the HTTP client reading proxies and .netrc from the environment "
        "on each call, and flask-caching's stock in-process cache (once full, it sorts all "
        "its entries on every write; ours prunes in batches). The in-process cache is "
        "filled first, as a long-running embedded server's is.",
        "",
        "| measure | before (same run) | after | ratio | goal |",
        "|---|---|---|---|---|",
        f"| whole uncached search, own CPU | {summary(figures['before'])} "
        f"| **{summary(figures['after'])}** | {after / before:.2f} "
        f"| <= {GOAL_MS} ms: {'met' if after <= GOAL_MS else '**missed**'} |",
        f"| validating and mapping one answer (`build_results`, JSON decoded) "
        f"| {summary(figures['validate_before'])} | {summary(figures['validate_after'])} "
        f"| {statistics.median(figures['validate_after']) / statistics.median(figures['validate_before']):.2f} | — |",
        f"| the same search again (micro-cache hit), for scale | — "
        f"| {summary(figures['hit'])} | — | — |",
    ]
    markdown = "\n".join(lines)
    print(markdown)
    if write:
        write_section("search-cpu", markdown)


if __name__ == "__main__":
    main(wants_write(sys.argv))
