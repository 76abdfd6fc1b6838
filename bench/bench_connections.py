"""Keep-alive connections across gunicorn workers: SO_REUSEPORT on and off.

    python3 -m bench.bench_connections            # prints the figures (about 3 minutes)
    python3 -m bench.bench_connections --write    # also into docs/benchmarks.md

wrk opens its 16 connections once and keeps them for the whole round, as a reverse proxy
keeps its upstream pool. Without ``reuse_port`` the workers compete for each new
connection and one of them may accept most of them; it then serves alone while the other
idles. With ``reuse_port`` (``GUNICORN_REUSE_PORT=1``) the kernel spreads them; it stays
off by default because connections handed to a restarting worker are then refused.

Each variant gets a fresh server (2 workers x 4 threads, started and idle before measuring)
in each of ``ROUNDS`` interleaved rounds; in each, ``MEASURES`` measures of 3 s alternate
``/api/v1/ping`` and the pay simulator's page, each on 16 new connections. Reported: the
median, the lowest and highest throughput, and how many measures ran below 60 % of the
best one of the same route in the whole run (a worker left idle).
"""
from __future__ import annotations

import statistics
import sys

from bench.harness import Server, machine_description, measure, wants_write, write_section

ROUNDS, MEASURES, SECONDS, CONCURRENCY = 3, 6, 3.0, 16
ROUTES = {"ping": "/api/v1/ping",
          "page": "/widgets/v1/pay-simulator?caller=demo&formation_start=2027-09-01"}
VARIANTS = {"without reuse_port (the default)": "0", "with reuse_port (GUNICORN_REUSE_PORT=1)": "1"}


def run() -> dict:
    figures = {variant: {route: [] for route in ROUTES} for variant in VARIANTS}
    for _ in range(ROUNDS):
        for variant, flag in VARIANTS.items():
            with Server(env={"GUNICORN_REUSE_PORT": flag}) as server:
                server.warm(*ROUTES.values(), times=10)
                for n in range(MEASURES):
                    route = list(ROUTES)[n % len(ROUTES)]
                    result = measure(server.url, ROUTES[route], CONCURRENCY, SECONDS)
                    figures[variant][route].append(result.requests_per_second)
    return figures


def table(figures: dict) -> str:
    best = {route: max(max(figures[v][route]) for v in VARIANTS) for route in ROUTES}
    lines = [
        "### Connections across workers",
        "",
        f"`python3 -m bench.bench_connections` on {machine_description()}: gunicorn 2 "
        f"workers x 4 threads, wrk {CONCURRENCY} keep-alive connections per measure of "
        f"{SECONDS:g} s; {ROUNDS} interleaved rounds, a fresh server per variant and round, "
        f"{MEASURES} measures each alternating ping and the pay simulator's page. \"Half "
        "capacity\": measures below 60 % of the best of the same route in this run.",
        "",
        "| variant | route | median | lowest–highest | measures at half capacity |",
        "|---|---|---|---|---|",
    ]
    for variant in VARIANTS:
        for route, values in figures[variant].items():
            low = sum(1 for v in values if v < 0.6 * best[route])
            lines.append(f"| {variant} | {route} | {statistics.median(values):,.0f} req/s "
                         f"| {min(values):,.0f}–{max(values):,.0f} req/s "
                         f"| {low} of {len(values)} |")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    markdown = table(run())
    print(markdown)
    if wants_write(argv):
        write_section("connections", markdown)


if __name__ == "__main__":
    main(sys.argv[1:])
