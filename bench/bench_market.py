"""Job-market benchmark: counts on a national-size synthetic snapshot.

    python3 -m bench.bench_market --in-process   # counts, build, load, RSS (no server)
    python3 -m bench.bench_market                # also the wrk part (gunicorn + wrk)
    python3 -m bench.bench_market --write        # writes its sections of docs/benchmarks.md

Snapshot: 100,000 offers and 300,000 recruiters from ``widgets.market.synthetic`` (seed
7), through the same reader and builder as ``flask market refresh``.

In-process part. Count queries as candidates would make them: a commune drawn by
population, 1 to 5 ROME codes drawn by how common they are in the snapshot, a radius of
30 km (60 %), 10, 60, 100 or 200 km; 3 rounds of 2,000 queries, wall-clock and thread
CPU time per query, medians of the rounds' percentiles; and each query of one round run
5 times keeping its fastest run (on this shared machine, preemption by other processes,
not the computation, makes most of the wall-clock tail). Goal (issue 14):
p99 < 0.5 ms. Memory: RSS of a process that built the app like a worker, before and
after loading the snapshot from its stored bytes (and how long loading takes).

wrk part (the lead runs it): ``/api/v1/market`` against ``/api/v1/ping`` on the same
gunicorn server in the same run, with the snapshot stored by ``flask market refresh``;
goal ≥ 90 % of ping's throughput. Two measures: 600 distinct URLs with the per-process
page cache off (every request counts), and the same with the default page cache.
"""
from __future__ import annotations

import gzip
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.harness import ROOT, machine_description, wants_write, write_section

OFFERS, RECRUITERS, SEED = 100_000, 300_000, 7
QUERIES, ROUNDS = 2000, 3
RADII = [30] * 12 + [10] * 2 + [60] * 3 + [100] * 2 + [200]
GOAL_P99_MS, GOAL_RATIO = 0.5, 0.9


def build_export(path: Path) -> dict:
    """The synthetic export as a gzip file, then its snapshot bytes; timings."""
    from widgets.market.export_schema import ReadStats, iter_export, read_rows
    from widgets.market.snapshot import Snapshot
    from widgets.market.synthetic import Generator

    started = time.perf_counter()
    items = list(Generator(SEED).items(OFFERS, RECRUITERS))
    generated = time.perf_counter() - started
    raw = json.dumps(items, ensure_ascii=False).encode()
    del items
    path.write_bytes(gzip.compress(raw, compresslevel=3))
    sizes = {"json_mb": len(raw) / 1e6, "gzip_mb": path.stat().st_size / 1e6}
    del raw
    stats = ReadStats()
    started = time.perf_counter()
    with open(path, "rb") as stream:
        snapshot = Snapshot.build(read_rows(iter_export(stream), stats), as_of="2026-11-28",
                                  source="bench", stats={})
    built = time.perf_counter() - started
    started = time.perf_counter()
    data = snapshot.to_bytes()
    serialised = time.perf_counter() - started
    return {"snapshot": snapshot, "bytes": data, "generated_s": generated, "built_s": built,
            "serialised_s": serialised, "stats": stats.as_dict(), **sizes}


def queries(snapshot, n: int, rng: random.Random) -> list[tuple]:
    from widgets.offers import referentials

    communes = referentials._communes().communes
    populations = referentials._read("communes.json.gz")["communes"]["population"]
    frequency = np.bincount(snapshot.post_rome, minlength=len(snapshot.romes))
    romes, weights = snapshot.romes, frequency.tolist()
    result = []
    for commune in rng.choices(communes, weights=[p or 1 for p in populations], k=n):
        wanted = sorted(set(rng.choices(romes, weights=weights, k=rng.randint(1, 5))))
        result.append((wanted, commune.latitude, commune.longitude, rng.choice(RADII),
                       commune.departement))
    return result


def percentiles(values: list[float]) -> tuple[float, float, float]:
    array = np.array(values)
    return (float(np.percentile(array, 50)), float(np.percentile(array, 99)),
            float(array.max()))


def time_counts(snapshot, batches: list[list[tuple]]) -> dict:
    for query in batches[0][:200]:                    # warm caches
        snapshot.count(*query)
    wall_rounds, cpu_rounds = [], []
    for batch in batches:
        wall, cpu = [], []
        for query in batch:
            w, c = time.perf_counter_ns(), time.thread_time_ns()
            snapshot.count(*query)
            cpu.append((time.thread_time_ns() - c) / 1e6)
            wall.append((time.perf_counter_ns() - w) / 1e6)
        wall_rounds.append(percentiles(wall))
        cpu_rounds.append(percentiles(cpu))
    median = lambda rounds, i: statistics.median(r[i] for r in rounds)  # noqa: E731
    # The computation's own cost: each query run 5 times, its fastest run kept (a
    # preemption by another process only ever makes a run slower).
    fastest = []
    for query in batches[0]:
        runs = []
        for _ in range(5):
            started = time.perf_counter_ns()
            snapshot.count(*query)
            runs.append((time.perf_counter_ns() - started) / 1e6)
        fastest.append(min(runs))
    best = percentiles(fastest)
    return {"wall_p50": median(wall_rounds, 0), "wall_p99": median(wall_rounds, 1),
            "cpu_p50": median(cpu_rounds, 0), "cpu_p99": median(cpu_rounds, 1),
            "wall_max": max(r[2] for r in wall_rounds), "best_p50": best[0],
            "best_p99": best[1], "best_max": best[2]}


def worst_case(snapshot) -> float:
    """The 5 most common trades, 200 km around Paris: the largest count we know of."""
    top = np.argsort(-np.bincount(snapshot.post_rome))[:5]
    romes = [snapshot.romes[i] for i in top]
    times = []
    for _ in range(50):
        started = time.perf_counter_ns()
        snapshot.count(romes, 48.86, 2.34, 200, "75")
        times.append((time.perf_counter_ns() - started) / 1e6)
    return statistics.median(times)


RSS_PROBE = r"""
import json, sys, time, tempfile
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
from bff import create_app
app = create_app({"DATABASE_URL": "sqlite:///" + tempfile.mkdtemp() + "/r.sqlite3"})
from widgets.market.snapshot import Snapshot
import numpy
before = rss()
data = open(sys.argv[1], "rb").read()
started = time.perf_counter()
snapshot = Snapshot.from_bytes(data)
snapshot.index()
loaded = time.perf_counter() - started
del data
import gc; gc.collect()
from bff.market.service import release_freed_memory
release_freed_memory()   # as the BFF's loader does
print(json.dumps({"worker_mb": before, "loaded_mb": rss(), "load_s": loaded,
                  "arrays_mb": snapshot.nbytes() / 1e6}))
"""


def rss_with_snapshot(data: bytes) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".snapshot", delete=False) as handle:
        handle.write(data)
    try:
        out = subprocess.run([sys.executable, "-c", RSS_PROBE, handle.name], cwd=ROOT,
                             capture_output=True, text=True, check=True,
                             env=dict(os.environ, BFF_INSTANCE_DIR=tempfile.mkdtemp()))
    finally:
        os.unlink(handle.name)
    return json.loads(out.stdout.strip().splitlines()[-1])


def in_process(export_path: Path) -> tuple[str, dict]:
    built = build_export(export_path)
    snapshot = built["snapshot"]
    rng = random.Random(2026)
    batches = [queries(snapshot, QUERIES, rng) for _ in range(ROUNDS)]
    counts = time_counts(snapshot, batches)
    worst = worst_case(snapshot)
    memory = rss_with_snapshot(built["bytes"])
    load = os.getloadavg()[0]
    stats = built["stats"]
    lines = [
        "### Counts in-process",
        "",
        f"`python3 -m bench.bench_market --in-process` on {machine_description()}; load "
        f"average {load:.1f} while measuring (other engineers' processes share the 2 cores: "
        "the CPU-time column is the one they disturb least).",
        "",
        f"Snapshot: {stats['offers']:,} offers and {stats['recruiters']:,} recruiters "
        f"(synthetic, seed {SEED}); export {built['json_mb']:.0f} MB of JSON "
        f"({built['gzip_mb']:.0f} MB gzip); read, validated and built in "
        f"{built['built_s']:.0f} s; stored snapshot {len(built['bytes']) / 1e6:.1f} MB "
        f"(serialised in {built['serialised_s']:.1f} s).",
        "",
        "| measure | p50 | p99 | goal |",
        "|---|---|---|---|",
        f"| one count, wall clock ({ROUNDS} × {QUERIES:,} queries) | {counts['wall_p50']:.3f} ms "
        f"| **{counts['wall_p99']:.3f} ms** | p99 < {GOAL_P99_MS} ms |",
        f"| one count, thread CPU time | {counts['cpu_p50']:.3f} ms | "
        f"**{counts['cpu_p99']:.3f} ms** | p99 < {GOAL_P99_MS} ms |",
        f"| one count, fastest of 5 runs of each query (the computation without "
        f"preemption) | {counts['best_p50']:.3f} ms | **{counts['best_p99']:.3f} ms** "
        f"(max {counts['best_max']:.3f}) | p99 < {GOAL_P99_MS} ms |",
        f"| worst case: the 5 most common trades, 200 km around Paris (median of 50) | "
        f"{worst:.3f} ms | | |",
        "",
        "| memory | |",
        "|---|---|",
        f"| RSS of a process that built the app (like a worker), demo not loaded | "
        f"{memory['worker_mb']:.0f} MB |",
        f"| RSS after loading the snapshot from its stored bytes | "
        f"**{memory['loaded_mb']:.0f} MB** (+{memory['loaded_mb'] - memory['worker_mb']:.0f} MB; "
        f"arrays and index {memory['arrays_mb']:.0f} MB) |",
        f"| loading it (decompress, arrays, query index) | {memory['load_s'] * 1000:.0f} ms, "
        "once per worker and refresh |",
    ]
    return "\n".join(lines), built


def wrk_part(export_path: Path) -> str:
    from bench.harness import Server, compare

    folder = tempfile.mkdtemp(prefix="aw-bench-market-")
    env = {"DATABASE_URL": f"sqlite:///{folder}/market.sqlite3", "BFF_INSTANCE_DIR": folder}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "flask", "--app", "bff", "market", "refresh",
                    "--file", str(export_path), "--as-of", "2026-11-28"], cwd=ROOT, check=True,
                   env=dict(os.environ, **env))
    refreshed = time.perf_counter() - started
    from widgets.offers import referentials
    rng = random.Random(5)
    communes = referentials._communes().communes[:3000]
    trades = ["F1603", "D1102", "G1602", "M1805", "D1106", "I1604", "F1602", "N1103"]
    paths = [f"/api/v1/market?romes={','.join(sorted(rng.sample(trades, rng.randint(1, 3))))}"
             f"&insee={rng.choice(communes).insee}&radius={rng.choice(RADII)}"
             for _ in range(600)]
    rows = []
    for label, page_cache in (("600 distinct URLs, page cache off", "0"),
                              ("600 URLs, default page cache", "30")):
        with Server(env={**env, "PAGE_CACHE_SECONDS": page_cache}) as server:
            server.warm(*paths[:50], times=2)
            result = compare(server, "/api/v1/ping", paths, concurrency=16, duration=4)
        rows.append(result.table_row(label))
    return "\n".join([
        "### /api/v1/market under load",
        "",
        f"`python3 -m bench.bench_market` on {machine_description()}; gunicorn 2 workers × "
        "4 threads, wrk 16 connections, 3 interleaved rounds of 4 s, medians; snapshot "
        f"stored by `flask market refresh --file` in {refreshed:.0f} s. Goal: ≥ "
        f"{GOAL_RATIO:.0%} of ping's throughput.",
        "",
        "| measure | throughput (ping) | ratio | p50 | p99 | errors |",
        "|---|---|---|---|---|---|",
        *rows,
    ])


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="aw-bench-export-") as folder:
        export_path = Path(folder) / "export.json.gz"
        markdown, _ = in_process(export_path)
        print(markdown, flush=True)
        if wants_write(argv):
            write_section("market-in-process", markdown)
        if "--in-process" not in argv:
            load = wrk_part(export_path)
            print(load)
            if wants_write(argv):
                write_section("market-load", load)


if __name__ == "__main__":
    main(sys.argv[1:])
