"""Benchmark of the calendar timeline: JSON API, .ics file and widget page against ping.

Each route is measured through the real server (gunicorn) in rounds interleaved with the
``/api/v1/ping`` baseline, cycling through candidates (platforms, académies, start dates,
days of the campaign). The in-process cost of the rules is measured too, against building
an empty list of the same size as the floor.

    python3 -m bench.bench_calendar [--write]
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date, datetime, timezone

from bench.harness import Server, compare, machine_description, wants_write, write_section

CONCURRENCY = 16
STARTS = ["2026-09-01", "2026-10-05", "2027-01-04", "2027-09-01", "2027-11-30"]
TODAYS = ["2026-01-05", "2026-03-12", "2026-06-05", "2026-09-02", "2027-02-01", "2027-06-15"]
ACADEMIES = ["", "01", "25", "70"]


def candidates(kind: str) -> list[str]:
    paths = []
    for i, start in enumerate(STARTS):
        for j, today in enumerate(TODAYS):
            platform = ("parcoursup", "affelnet")[(i + j) % 2]
            academie = ACADEMIES[(i * len(TODAYS) + j) % len(ACADEMIES)]
            query = f"platform={platform}&formation_start={start}&today={today}"
            if academie:
                query += f"&academie={academie}"
            if kind == "page":
                paths.append(f"/widgets/v1/calendar?caller=demo&{query}")
            else:
                paths.append(f"/api/v1/calendar{'.ics' if kind == 'ics' else ''}?{query}")
    return paths


def in_process() -> dict:
    """Microseconds per timeline (phases, steps, position, next deadline) and per .ics file."""
    from widgets.calendar import rules
    from widgets.calendar.campaigns import bundled_document, campaign_from_document
    from widgets.calendar.ics import calendar_ics

    campaign = campaign_from_document(bundled_document("parcoursup", "2026"))
    start, day = date(2026, 9, 1), date(2026, 6, 5)
    timings, ics_timings = [], []
    for _ in range(2000):
        t0 = time.perf_counter()
        steps = rules.timeline(campaign, start)
        rules.position(steps, "parcoursup", day)
        rules.next_deadline(steps, day)
        timings.append(time.perf_counter() - t0)
    stamp = datetime(2026, 11, 29, tzinfo=timezone.utc)
    for _ in range(300):
        t0 = time.perf_counter()
        calendar_ics(steps, name="x", uid_scope="parcoursup-2026", stamp=stamp,
                     summary=lambda s, e: s.title, description=lambda s: s.note)
        ics_timings.append(time.perf_counter() - t0)
    return {"timeline_us": statistics.median(timings) * 1e6,
            "timeline_p99_us": sorted(timings)[int(len(timings) * .99)] * 1e6,
            "ics_us": statistics.median(ics_timings) * 1e6}


def run() -> str:
    load_before = os.getloadavg()[0]
    local = in_process()
    routes = {kind: candidates(kind) for kind in ("json", "ics", "page")}
    # The per-worker page micro-cache would answer these repeated URLs from memory: turn it
    # off to measure the calendar's own work (what every cache miss costs).
    with Server(env={"PAGE_CACHE_SECONDS": "0"}) as server:
        server.warm("/api/v1/ping", *routes["json"], *routes["ics"], *routes["page"], times=3)
        results = {kind: compare(server, "/api/v1/ping", paths, concurrency=CONCURRENCY,
                                 duration=4, rounds=3)
                   for kind, paths in routes.items()}
    names = {"json": "`/api/v1/calendar`", "ics": "`/api/v1/calendar.ics`",
             "page": "`/widgets/v1/calendar` (HTML page)"}
    rows = "\n".join(r.table_row(names[k]) for k, r in results.items())
    return f"""### Calendar timeline

Measured {datetime.now(timezone.utc):%Y-%m-%d} by `python3 -m bench.bench_calendar --write`
on {machine_description()}; gunicorn, 2 workers × 4 threads, wrk at {CONCURRENCY}
connections, {len(routes['json'])} candidates cycled (both platforms, 4 académies, 5 start
dates, 6 days of the campaign), medians of 3 rounds of 4 s interleaved with `/api/v1/ping`,
page micro-cache off (`PAGE_CACHE_SECONDS=0`: every request computes its answer). The machine was shared (load average {load_before:.1f} at the start), so absolute figures and
p99 are noisy; the ratios, measured against ping in the same rounds, are the figures to read.

| route | throughput | ratio to ping | p50 | p99 | errors |
|---|---|---|---|---|---|
{rows}

In process: one timeline (phases + steps + position + next deadline) takes
**{local['timeline_us']:.0f} µs** (p99 {local['timeline_p99_us']:.0f} µs); one `.ics` file
**{local['ics_us']:.0f} µs**.
"""


if __name__ == "__main__":
    markdown = run()
    print(markdown)
    if wants_write(sys.argv):
        write_section("calendar", markdown)
