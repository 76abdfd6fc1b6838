"""Benchmark of the insertion rates: ``/api/v1/insertion`` (cached) against ``/api/v1/ping``.

Measured through the real server (gunicorn, ``bench.harness``) in rounds interleaved with
the ping baseline, cycling through:

- CFAs from the bundled open data (``uai`` alone: no upstream call at all), and
- certifications answered by the Exposition InserJeunes API: the fake API of
  ``tests/insertion/fake_exposition.py`` on loopback; after warming, every answer comes
  from the cache (the fake's call count is checked), as on a real results day when the
  yearly data has been asked once.

Goal (issue 13): the cached insertion answer at ≥ 50 % of ping's throughput, same run.
The in-process cost (Flask test client, no network) is measured too:

    python3 -m bench.bench_insertion [--write]       # wrk + in-process; --write: docs/benchmarks.md
    python3 -m bench.bench_insertion --in-process    # in-process timings only
"""
from __future__ import annotations

import importlib.util
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone

from bench.harness import ROOT, Server, compare, machine_description, wants_write, write_section

CONCURRENCY = 16
GOAL_RATIO = 0.5
CFAS = ["0693492W", "0333502C", "0630003L", "0631243J", "0692210C"]


def fake_exposition_module():
    # The fake builds on the tests' loopback server base (tests/servers.py), which the
    # tests import as the top-level module ``servers``.
    if str(ROOT / "tests") not in sys.path:
        sys.path.insert(0, str(ROOT / "tests"))
    path = ROOT / "tests" / "insertion" / "fake_exposition.py"
    spec = importlib.util.spec_from_file_location("fake_exposition", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def routes(fake) -> dict[str, list[str]]:
    return {
        "cfa": [f"/api/v1/insertion?uai={uai}" for uai in CFAS],
        "certification": [f"/api/v1/insertion?cfd={fake.CFD}",
                          f"/api/v1/insertion?cfd={fake.CFD}&region=84",
                          f"/api/v1/insertion?uai={fake.UAI}&cfd={fake.CFD}",
                          f"/api/v1/insertion?cfd={fake.CFD}&mefstat11={fake.MEF}",
                          f"/api/v1/insertion?sise={fake.SISE}"],
        "page": [f"/widgets/v1/insertion?caller=demo&uai={uai}" for uai in CFAS],
    }


def in_process(rounds: int = 5, per_round: int = 400) -> dict[str, float]:
    """Median µs per request through the Flask test client, interleaved with ping.

    The page micro-cache is off here so that each request builds its answer (the
    InserJeunes answers come from the app cache, as in production after warming)."""
    module = fake_exposition_module()
    fake = module.FakeExposition()
    try:
        from bff import create_app
        app = create_app({"TESTING": False, "CACHE_TYPE": "bff.caching.backend.BatchPrunedSimpleCache",
                          "DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3",
                          "INSERJEUNES_API_URL": fake.url, "PAGE_CACHE_SECONDS": 0})
        client = app.test_client()
        paths = {"ping": ["/api/v1/ping"], **routes(module)}
        for group in paths.values():                      # warm: fills the cache
            for path in group:
                assert client.get(path).status_code == 200, path
        calls = fake.count
        timings: dict[str, list[float]] = {name: [] for name in paths}
        for _ in range(rounds):
            for name, group in paths.items():
                started = time.perf_counter()
                for i in range(per_round):
                    client.get(group[i % len(group)])
                timings[name].append((time.perf_counter() - started) / per_round * 1e6)
        assert fake.count == calls, "the measured answers must all come from the cache"
        return {name: statistics.median(values) for name, values in timings.items()}
    finally:
        fake.close()


def run() -> str:
    local = in_process()
    module = fake_exposition_module()
    fake = module.FakeExposition()
    try:
        paths = routes(module)
        with Server(env={"INSERJEUNES_API_URL": fake.url}) as server:
            # Every worker must have asked the fake once per URL (its caches are its own):
            # enough new connections that the kernel hands each URL to both workers.
            server.warm("/api/v1/ping", *[p for group in paths.values() for p in group], times=30)
            calls = fake.count
            results = {name: compare(server, "/api/v1/ping", group, concurrency=CONCURRENCY,
                                     duration=4, rounds=3)
                       for name, group in paths.items()}
            assert fake.count == calls, "the measured answers must all come from the cache"
    finally:
        fake.close()
    names = {"cfa": "`/api/v1/insertion?uai=…` (bundled open data)",
             "certification": "`/api/v1/insertion?cfd=…` (InserJeunes API, cached)",
             "page": "`/widgets/v1/insertion?uai=…` (HTML page)"}
    rows = "\n".join(r.table_row(names[k]) for k, r in results.items())
    ratio = min(results["cfa"].throughput_ratio, results["certification"].throughput_ratio)
    return f"""### Insertion rates

Measured {datetime.now(timezone.utc):%Y-%m-%d} by `python3 -m bench.bench_insertion --write`
on {machine_description()}; gunicorn, 2 workers × 4 threads, wrk at {CONCURRENCY}
connections, five URLs cycled per route, medians of 3 rounds of 4 s interleaved with
`/api/v1/ping`; upstream: the fake Exposition API of `tests/insertion/fake_exposition.py`
on loopback, every measured answer from the cache (checked). Goal: ≥ {GOAL_RATIO:.0%} of
ping; lowest API ratio **{ratio:.0%}**.

| route | throughput | ratio to ping | p50 | p99 | errors |
|---|---|---|---|---|---|
{rows}

In process (Flask test client, page micro-cache off, median of 5 interleaved rounds):
ping {local['ping']:.0f} µs, CFA answer {local['cfa']:.0f} µs, certification answer
{local['certification']:.0f} µs, page {local['page']:.0f} µs per request.
"""


def main(argv: list[str]) -> None:
    if "--in-process" in argv:
        local = in_process()
        print(" ".join(f"{name} {us:.0f} µs" for name, us in local.items()))
        print(f"ratios to ping (time): cfa {local['ping'] / local['cfa']:.0%}, "
              f"certification {local['ping'] / local['certification']:.0%}, "
              f"page {local['ping'] / local['page']:.0%}")
        return
    markdown = run()
    print(markdown)
    if wants_write(argv):
        write_section("insertion", markdown)


if __name__ == "__main__":
    main(sys.argv[1:])
