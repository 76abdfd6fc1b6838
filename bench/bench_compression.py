"""Bytes on the wire and what compression costs.

    python3 -m bench.bench_compression            # prints the figures (about a minute)
    python3 -m bench.bench_compression --write    # also writes them into docs/benchmarks.md

1. Cold load of each widget page through a real HTTP client (``bench.harness.wire_get``:
   a socket, ``Accept-Encoding: br, gzip``, bytes counted as received): HTML, then the
   stylesheets and scripts it links, then the fonts they declare. Baseline in the same run:
   the same load with ``Accept-Encoding: identity``. gunicorn (2 workers) on loopback.
2. Serving a hashed static file (``core.css?v=<hash>``, brotli accepted), in process,
   CPU time per request (``time.thread_time``, body read to the end): WhiteNoise from the
   precompressed copy (what the app does), Flask's static route compressed on the fly by
   Flask-Compress, and Flask's static route uncompressed (the baseline).
3. Compressing answers: CPU per answer for brotli and gzip levels on real answers, and
   the CPU of a widget page request served from the page micro-cache (compressed bytes
   kept) against a miss (rendered and compressed).

Each in-process figure is the median of ``ROUNDS`` interleaved rounds' medians, with the
lowest-highest round in brackets.
"""
from __future__ import annotations

import gzip
import statistics
import sys
import tempfile
import time

import brotli

from bench.harness import (Server, cold_load, machine_description, wants_write,
                           write_section)

ROUNDS = 3
SAMPLES = 300
PAGES = {
    "pay-simulator": "/widgets/v1/pay-simulator?caller=demo&formation_start=2027-09-01",
    "calendar": "/widgets/v1/calendar?caller=demo&platform=parcoursup&academie=01",
    "offer-search": "/widgets/v1/offer-search?caller=demo&romes=F1603&insee=69123",
    "guide": "/widgets/v1/guide?caller=demo&platform=parcoursup",
    "insertion": "/widgets/v1/insertion?caller=demo&uai=0693492W",
    "wish-summary": "/widgets/v1/wish-summary?caller=demo&platform=parcoursup"
                    "&formation_start=2027-09-01&cfd=32031213&insee=69123&uai=0693492W",
}
BROTLI_LEVELS = (1, 4, 5, 6, 11)
GZIP_LEVELS = (1, 6, 9)


def kb(value: float) -> str:
    return f"{value / 1000:,.1f} KB"


def spread(values: list[float], unit: str = "µs", scale: float = 1000.0) -> str:
    values = [v * scale for v in values]
    return f"{statistics.median(values):,.0f} {unit} ({min(values):,.0f}–{max(values):,.0f})"


def cpu(call, samples: int = SAMPLES) -> float:
    """Median CPU milliseconds of ``call()`` on this thread."""
    times = []
    for _ in range(samples):
        started = time.thread_time()
        call()
        times.append((time.thread_time() - started) * 1000)
    return statistics.median(times)


# -- 1. cold loads ----------------------------------------------------------------------
def cold_loads() -> dict:
    rounds = {name: {"compressed": [], "identity": []} for name in PAGES}
    with Server(workers=2, threads=4, env={"LOG_LEVEL": "warning"}) as server:
        server.warm(*PAGES.values(), times=3)
        for _ in range(ROUNDS):
            for name, path in PAGES.items():
                rounds[name]["identity"].append(cold_load(server.url, path, "identity"))
                rounds[name]["compressed"].append(cold_load(server.url, path, "br, gzip"))
    return rounds


# -- 2. static files --------------------------------------------------------------------
def static_serving() -> dict:
    from bff import create_app
    from bff.assets import asset_url

    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/b.db",
                      "CACHE_TYPE": "bff.caching.backend.BatchPrunedSimpleCache"})
    with app.test_request_context():
        url = asset_url("css/core.css")
    path, query = url.split("?")
    whitenoise = app.wsgi_app.wsgi_app       # RequestLog -> StaticFiles
    flask_only = whitenoise.app              # Flask's own routes, Flask-Compress included

    def call(wsgi, encoding: str):
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query,
                   "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
                   "wsgi.url_scheme": "http", "wsgi.input": None, "wsgi.errors": sys.stderr,
                   "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False,
                   "HTTP_ACCEPT_ENCODING": encoding, "HTTP_HOST": "127.0.0.1"}
        seen = {}

        def start(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, dict(headers)
        body = wsgi(environ, start)
        data = b"".join(body)
        if hasattr(body, "close"):
            body.close()
        return seen, data

    cases = {"WhiteNoise, precompressed copy (the app)": (whitenoise, "br, gzip"),
             "Flask static route + Flask-Compress on the fly": (flask_only, "br, gzip"),
             "Flask static route, uncompressed (baseline)": (flask_only, "identity")}
    figures = {name: {"cpu": [], "bytes": 0, "encoding": ""} for name in cases}
    for name, (wsgi, encoding) in cases.items():
        seen, data = call(wsgi, encoding)
        figures[name]["bytes"] = len(data)
        figures[name]["encoding"] = seen["headers"].get("Content-Encoding", "none")
        figures[name]["cache"] = seen["headers"].get("Cache-Control", "")
    for _ in range(ROUNDS):
        for name, (wsgi, encoding) in cases.items():
            figures[name]["cpu"].append(cpu(lambda: call(wsgi, encoding), 200))
    return figures


# -- 3. compressing answers -------------------------------------------------------------
def answer_costs() -> dict:
    from bff import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/b.db",
                      "CACHE_TYPE": "bff.caching.backend.BatchPrunedSimpleCache"})
    client = app.test_client()
    bodies = {name: client.get(path, headers={"Accept-Encoding": ""}).data
              for name, path in PAGES.items() if name != "offer-search"}
    bodies["pay API (JSON)"] = client.get(
        "/api/v1/pay-simulation?birth_month=2007-05&contract_start=2025-09-01",
        headers={"Accept-Encoding": ""}).data
    levels = {}
    for name, body in bodies.items():
        row = {"plain": len(body)}
        for q in BROTLI_LEVELS:
            samples = 20 if q == 11 else SAMPLES
            row[f"br {q}"] = (len(brotli.compress(body, quality=q)),
                              [cpu(lambda: brotli.compress(body, quality=q), samples)
                               for _ in range(ROUNDS)])
        for level in GZIP_LEVELS:
            row[f"gzip {level}"] = (len(gzip.compress(body, level)),
                                    [cpu(lambda: gzip.compress(body, level))
                                     for _ in range(ROUNDS)])
        levels[name] = row

    page = PAGES["pay-simulator"]
    cache = app.extensions["page_cache"]
    headers = {"Accept-Encoding": "gzip, deflate, br, zstd"}

    def miss():
        cache.clear()
        client.get(page, headers=headers)

    requests_cpu = {"hit": [], "miss": [], "hit_identity": []}
    for _ in range(ROUNDS):
        requests_cpu["miss"].append(cpu(miss))
        client.get(page, headers=headers)
        requests_cpu["hit"].append(cpu(lambda: client.get(page, headers=headers)))
        client.get(page, headers={"Accept-Encoding": ""})
        requests_cpu["hit_identity"].append(cpu(
            lambda: client.get(page, headers={"Accept-Encoding": ""})))
    return {"levels": levels, "requests": requests_cpu}


def markdown(loads: dict, static: dict, answers: dict) -> str:
    lines = [
        "### Bytes on the wire and the cost of compression",
        "",
        f"`python3 -m bench.bench_compression` on {machine_description()}.",
        "",
        "**Cold load of a widget page** through a real HTTP client (a socket sending "
        "`Accept-Encoding: br, gzip`; bytes counted as received, headers included; gunicorn "
        f"2 workers on loopback; {ROUNDS} interleaved rounds, identical in every round). "
        "Baseline, same run: `Accept-Encoding: identity`. Fonts: every face the stylesheets "
        "declare (an upper bound; the first-paint table below has what Chromium fetched).",
        "",
        "| widget page | HTML | CSS | JS | HTML + CSS + JS | baseline HTML + CSS + JS | fonts declared |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, modes in loads.items():
        load, base = modes["compressed"][-1], modes["identity"][-1]
        spread_note = "" if len({l["html"] + l["css"] + l["js"] for l in modes["compressed"]}) == 1 \
            else " (varied between rounds)"
        lines.append(
            f"| {name} | {kb(load['html'])} | {kb(load['css'])} | {kb(load['js'])} | "
            f"**{kb(load['html'] + load['css'] + load['js'])}**{spread_note} | "
            f"{kb(base['html'] + base['css'] + base['js'])} | {kb(load['fonts'])} |")
    lines += [
        "",
        "**Serving a hashed static file** (`css/core.css?v=<hash>`, in process, CPU per "
        "request with the body read to the end):",
        "",
        "| served by | CPU per request | bytes | encoding | Cache-Control |",
        "|---|---|---|---|---|",
    ]
    for name, figures in static.items():
        lines.append(f"| {name} | {spread(figures['cpu'])} | {figures['bytes']:,} B | "
                     f"{figures['encoding']} | `{figures['cache']}` |")
    levels = answers["levels"]
    columns = [c for c in next(iter(levels.values())) if c != "plain"]
    lines += [
        "",
        "**Compressing answers** (CPU per answer, size):",
        "",
        "| answer | plain | " + " | ".join(columns) + " |",
        "|---|---|" + "---|" * len(columns),
    ]
    for name, row in levels.items():
        cells = [f"{row[c][0]:,} B, {statistics.median(row[c][1]) * 1000:,.0f} µs"
                 for c in columns]
        lines.append(f"| {name} | {row['plain']:,} B | " + " | ".join(cells) + " |")
    requests_cpu = answers["requests"]
    lines += [
        "",
        "Pay simulator page request, in process: micro-cache miss (rendered, brotli 5) "
        f"{spread(requests_cpu['miss'])}; hit, compressed bytes served as kept "
        f"{spread(requests_cpu['hit'])}; hit without compression {spread(requests_cpu['hit_identity'])}.",
    ]
    return "\n".join(lines)


def main(write: bool) -> None:
    text = markdown(cold_loads(), static_serving(), answer_costs())
    print(text)
    if write:
        write_section("compression", text)


if __name__ == "__main__":
    main(wants_write(sys.argv))
