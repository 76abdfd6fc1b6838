"""A worker's resident memory over many requests: does it level off?

    python3 -m bench.bench_workers            # prints the figures (about two minutes)
    python3 -m bench.bench_workers --write    # also writes them into docs/benchmarks.md

One process plays one gunicorn worker: the app (embedded defaults, in-process cache),
warmed up as ``post_worker_init`` does (``bff.warmup``), then the results-day mix of
``bench/bench_production.py`` (widget pages, pay simulations for 60 birth months, calendars,
autocompletes, searches: popular ones and ones never made before, against the fake job
search of ``bench/fake_upstream.py`` in another process) through the Flask test client,
half the clients asking for brotli and half for gzip. Resident memory (``/proc/self/statm``)
is sampled every ``EVERY`` requests. This is the figure behind gunicorn.conf.py's choice:
no recycling before millions of requests, and a 512 MB ceiling far above the level.
"""
from __future__ import annotations

import os
import random
import sys
import tempfile
import time

from bench.bench_production import RESULTS_DAY_MIX, api_urls, popular_searches, widget_page_urls
from bench.bench_search_cpu import fake_upstream
from bench.harness import machine_description, wants_write, write_section

REQUESTS = int(os.environ.get("BENCH_WORKER_REQUESTS", 40_000))
EVERY = 4_000


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def run() -> dict:
    from bff import create_app
    from bff.warmup import warm_up

    rng = random.Random(18)
    with fake_upstream() as upstream_url:
        app = create_app({"DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/w.sqlite3",
                          "DATABASE_AUTO_MIGRATE": True, "CACHE_TYPE": "bff.caching.backend.BatchPrunedSimpleCache",
                          "APPRENTISSAGE_API_KEY": "bench", "APPRENTISSAGE_API_URL": upstream_url,
                          "APPRENTISSAGE_CALLS_PER_MINUTE": 10**6})
        bare = resident_mb()
        warm_up(app)
        client = app.test_client()
        groups = {"pages": widget_page_urls(), "pay": [a for a in api_urls() if "pay" in a],
                  "other_api": [a for a in api_urls() if "pay" not in a],
                  "search_hit": popular_searches(), "embed": ["/static/js/embed.js"]}
        slots = [name for name, share in RESULTS_DAY_MIX.items() for _ in range(share)]
        samples = [(0, resident_mb())]
        started = time.monotonic()
        for n in range(1, REQUESTS + 1):
            group = rng.choice(slots)
            if group == "search_miss":
                url = (f"/api/v1/offers?romes=F1603&latitude={43 + rng.random() * 6:.4f}"
                       f"&longitude={-1 + rng.random() * 8:.4f}&radius=10")
            else:
                url = rng.choice(groups[group])
            encoding = "gzip, deflate, br" if n % 2 else "gzip, deflate"
            response = client.get(url, headers={"Accept-Encoding": encoding})
            response.close()
            if n % EVERY == 0:
                samples.append((n, resident_mb()))
        seconds = time.monotonic() - started
    return {"bare": bare, "samples": samples, "seconds": seconds,
            "page_cache": len(app.extensions["page_cache"]._entries)}


def main(write: bool) -> None:
    figures = run()
    samples = figures["samples"]
    half = samples[len(samples) // 2]
    last = samples[-1]
    growth = (last[1] - half[1]) / max(1, last[0] - half[0]) * 1_000_000
    lines = [
        "### Worker memory over time",
        "",
        f"`python3 -m bench.bench_workers` on {machine_description()}: one process as one "
        f"worker (app warmed up as `post_worker_init` does), the results-day mix, "
        f"{samples[-1][0]:,} requests in {figures['seconds']:.0f} s "
        "through the Flask test client (brotli and gzip clients alternating, searches never "
        "made before included, fake job search in another process); resident memory "
        "(`/proc/self/statm`) every "
        f"{EVERY:,} requests. Before warm-up: {figures['bare']:.0f} MB.",
        "",
        "| requests served | " + " | ".join(f"{n:,}" for n, _ in samples) + " |",
        "|---|" + "---|" * len(samples),
        "| resident memory | " + " | ".join(f"{mb:.0f} MB" for _, mb in samples) + " |",
        "",
        f"Growth over the second half: {last[1] - half[1]:+.1f} MB for {last[0] - half[0]:,} "
        f"requests ({growth:+.1f} MB per million requests at that rate); page micro-cache at "
        f"the end: {figures['page_cache']:,} entries (bounded at 2,048). gunicorn.conf.py "
        "recycles a worker after 5 million requests (± 10 %) or above 512 MB.",
    ]
    markdown = "\n".join(lines)
    print(markdown)
    if write:
        write_section("workers", markdown)


if __name__ == "__main__":
    main(wants_write(sys.argv))
