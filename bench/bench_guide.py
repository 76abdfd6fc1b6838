"""Benchmark of the guide panel: JSON API and widget page against ping.

Each route is measured through the real server (gunicorn) in rounds interleaved with the
``/api/v1/ping`` baseline, cycling through both platforms, FAQ searches and training keys.
The in-process cost of assembling one guide is measured too.

    python3 -m bench.bench_guide [--write]
"""
from __future__ import annotations

import statistics
import sys
import time
from datetime import datetime, timezone
from urllib.parse import urlencode

from bench.harness import Server, compare, machine_description, wants_write, write_section

CONCURRENCY = 16
QUERIES = ["", "periode d'essai", "SALAIRE", "employeur", "zzz"]
CLE = "088281P01313885594860007038855948600070-67118#L01"


def candidates(kind: str) -> list[str]:
    paths = []
    queries = ["", ""] if kind == "page" else QUERIES[1:] if kind == "page_search" else QUERIES
    for i, q in enumerate(queries):
        for platform in ("parcoursup", "affelnet"):
            params = {"platform": platform}
            if q:
                params["q"] = q
            if i % 2:
                params["cle_ministere_educatif"] = CLE
            if kind.startswith("page"):
                paths.append("/widgets/v1/guide?" + urlencode({"caller": "demo", **params}))
            else:
                paths.append("/api/v1/guide?" + urlencode(params))
    return paths


def in_process() -> dict:
    from widgets.guide.content import build_guide
    from widgets.texts import TEXTS

    timings = []
    for i in range(2000):
        t0 = time.perf_counter()
        build_guide(("parcoursup", "affelnet")[i % 2], lambda k: TEXTS[k].default,
                    query=QUERIES[i % len(QUERIES)], cle=CLE)
        timings.append(time.perf_counter() - t0)
    return {"guide_us": statistics.median(timings) * 1e6,
            "guide_p99_us": sorted(timings)[int(len(timings) * .99)] * 1e6}


def run() -> str:
    local = in_process()
    routes = {kind: candidates(kind) for kind in ("json", "page", "page_search")}
    with Server() as server:
        server.warm("/api/v1/ping", *[p for paths in routes.values() for p in paths], times=3)
        results = {kind: compare(server, "/api/v1/ping", paths, concurrency=CONCURRENCY,
                                 duration=4, rounds=3)
                   for kind, paths in routes.items()}
    names = {"json": "`/api/v1/guide`", "page": "`/widgets/v1/guide` (HTML page, as embedded)",
             "page_search": "`/widgets/v1/guide?q=…` (search without JavaScript)"}
    rows = "\n".join(r.table_row(names[k]) for k, r in results.items())
    return f"""### Guide panel

Measured {datetime.now(timezone.utc):%Y-%m-%d} by `python3 -m bench.bench_guide --write`
on {machine_description()}; gunicorn, 2 workers × 4 threads, wrk at {CONCURRENCY}
connections, candidates cycled (both platforms, FAQ searches with and without results, with
and without a training key), medians of 3 rounds of 4 s interleaved with `/api/v1/ping`.
Pages without a search are rendered once per URL and published-content version, then served
from the shared cache (`guide:page:*`, 5 minutes); searches are rendered each time.

| route | throughput | ratio to ping | p50 | p99 | errors |
|---|---|---|---|---|---|
{rows}

In process: assembling one guide (about 100 texts resolved, FAQ filtered, links built)
takes **{local['guide_us']:.0f} µs** (p99 {local['guide_p99_us']:.0f} µs).
"""


if __name__ == "__main__":
    markdown = run()
    print(markdown)
    if wants_write(sys.argv):
        write_section("guide", markdown)
