"""Wish summary benchmark: the summary page, its upstream answers cached, against
/api/v1/ping on the same server in the same run (issue 12: ≥ 50 % of ping's throughput).

The page never calls the upstream: it reads the offer search's cached answers. They are
filled first through the page's own fill-in fragment (``fragment=market``), once per
wish; the measured rounds then check that the fake upstream saw no call. Two figures:
with the per-worker page micro-cache off (``PAGE_CACHE_SECONDS=0``: every request renders
the summary, calendar, pay range and counts) and with the embedded default on.

    python3 -m bench.bench_wish_summary            # prints the figures
    python3 -m bench.bench_wish_summary --write    # also writes them into docs/benchmarks.md
"""
from __future__ import annotations

import statistics
import sys
import time
from datetime import datetime, timezone
from urllib.parse import urlencode

import requests

from bench.fake_upstream import FakeUpstream
from bench.harness import Server, compare, machine_description, wants_write, write_section

CONCURRENCY = 16
GOAL_RATIO = 0.5
WISHES = [
    ("parcoursup", "D1406,D1407", "69123"), ("parcoursup", "M1805", "75056"),
    ("parcoursup", "H1208,I1304", "38185"), ("affelnet", "G1602", "33063"),
    ("affelnet", "F1602", "33281"),
]


def page_paths() -> list[str]:
    return ["/widgets/v1/wish-summary?" + urlencode(
        {"caller": platform, "platform": platform, "formation_start": "2027-09-01",
         "romes": romes, "insee": insee, "host_origin": "https://example.org"})
        for platform, romes, insee in WISHES]


def fill_caches(server: Server, paths: list[str]) -> None:
    """One fill-in per wish: the upstream answers land in the shared cache."""
    for path in paths:
        response = requests.get(server.url + path + "&fragment=market", timeout=10)
        assert 'data-market-status="known"' in response.text, path


def page_bytes(server: Server, path: str) -> tuple[int, int]:
    """The page's size on the wire, plain and gzip (as a proxy in front would send it)."""
    import gzip
    body = requests.get(server.url + path, timeout=10).content
    return len(body), len(gzip.compress(body, 6))


def in_process() -> dict:
    """Microseconds for the pure parts of one summary: calendar position and "now",
    pay range (memoised per platform and date, as served), counts formatting."""
    from widgets.calendar.campaigns import bundled_document, campaign_from_document
    from widgets.calendar.view import now_view, resolve_calendar
    from widgets.texts import TEXTS
    from widgets.wish_summary import texts  # noqa: F401 (declares the texts)
    from widgets.wish_summary.market import Count, MarketCounts
    from widgets.wish_summary.view import KNOWN, Market, build_summary, market_sentence
    from datetime import date

    campaign = campaign_from_document(bundled_document("parcoursup", "2027"))
    value_of = lambda key: TEXTS[key].default  # noqa: E731
    market = Market(KNOWN, 30, MarketCounts(Count(12), Count(150, capped=True)))
    timings = []
    for _ in range(2000):
        started = time.perf_counter()
        view = resolve_calendar({"formation_start": date(2027, 9, 1)}, caller="parcoursup",
                                platform="parcoursup", campaigns_for=lambda p, a: [campaign],
                                value_of=value_of, today=date(2027, 2, 1))
        summary = build_summary(view, market=market, outcomes=None, label=None,
                                value_of=value_of)
        now_view(view, value_of, wish_made=True)
        market_sentence(summary.market, value_of)
        timings.append(time.perf_counter() - started)
    timings.sort()
    return {"median_us": statistics.median(timings) * 1e6,
            "p99_us": timings[int(len(timings) * .99)] * 1e6}


def measure(fake: FakeUpstream, page_cache: bool):
    env = {"APPRENTISSAGE_API_KEY": "bench-key", "APPRENTISSAGE_API_URL": fake.url}
    if not page_cache:
        env["PAGE_CACHE_SECONDS"] = "0"
    paths = page_paths()
    with Server(env=env) as server:
        fill_caches(server, paths)
        server.warm("/api/v1/ping", *paths, times=5)
        calls = fake.calls
        result = compare(server, "/api/v1/ping", paths, concurrency=CONCURRENCY, duration=4)
        assert fake.calls == calls, "the summary page must never call the upstream"
        sizes = page_bytes(server, paths[0])
    return result, sizes


def run() -> str:
    local = in_process()
    with FakeUpstream() as fake:
        rendered, sizes = measure(fake, page_cache=False)
        cached, _ = measure(fake, page_cache=True)
    return f"""### Wish summary

Measured {datetime.now(timezone.utc):%Y-%m-%d} by `python3 -m bench.bench_wish_summary --write`
on {machine_description()}; gunicorn, 2 workers × 4 threads, wrk at {CONCURRENCY}
connections, {len(WISHES)} wishes cycled (both platforms), medians of 3 rounds of 4 s
interleaved with `/api/v1/ping`. The offer search's answers were cached first through the
page's fill-in fragment (fake API Apprentissage of `bench/fake_upstream.py` on loopback);
the fake saw no call during the measured rounds. Goal: ≥ {GOAL_RATIO:.0%} of ping.

| route | throughput | ratio to ping | p50 | p99 | errors |
|---|---|---|---|---|---|
{rendered.table_row("`/widgets/v1/wish-summary`, page micro-cache off (rendered each time)")}
{cached.table_row("`/widgets/v1/wish-summary`, page micro-cache on (default)")}

One page: {sizes[0]:,} bytes, {sizes[1]:,} bytes gzipped. In process, the pure parts of one
summary (calendar position and "now", pay range, counts wording) take
**{local['median_us']:.0f} µs** (p99 {local['p99_us']:.0f} µs).
"""


if __name__ == "__main__":
    markdown = run()
    print(markdown)
    if wants_write(sys.argv):
        write_section("wish-summary", markdown)
