"""Bytes of a cold load of each widget page and of the demo mock-ups, in real Chromium.

    python3 tools/measure_cold_load.py            # a Markdown table on stdout
    python3 tools/measure_cold_load.py --json     # the same figures as JSON

The app runs in this process on a loopback port (embedded defaults, demo data). Each page
is opened in a fresh browser context (empty cache), every response is recorded, and each
distinct URL is counted once (a second frame gets a versioned asset from the cache).

The compressed sizes are COMPUTED, NOT AS SENT: the server does not compress yet, so each
response body is compressed here, with gzip level 6 (the usual on-the-fly level) and
brotli quality 11 for static files (what a build step would precompress) and quality 5
for HTML (an on-the-fly level). Once compression is on the wire, the benchmarks measure
the bytes as sent instead.
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import sys
import tempfile
import threading
from pathlib import Path

import brotli
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CLE = "088281P01313885594860007038855948600070-67118%23L01"
WIDGETS = {
    "pay-simulator": "/widgets/v1/pay-simulator?caller=demo&formation_start=2027-09-01",
    "calendar": "/widgets/v1/calendar?caller=demo&platform=parcoursup&formation_start=2027-09-01",
    "offer-search": "/widgets/v1/offer-search?caller=demo&romes=D1406,D1402&insee=69123&radius=30",
    "guide": f"/widgets/v1/guide?caller=demo&platform=parcoursup&cle_ministere_educatif={CLE}",
}
MOCKUPS = {"mock-up /demo/parcoursup": "/demo/parcoursup", "mock-up /demo/affelnet": "/demo/affelnet"}
KINDS = ("html", "css", "js", "font", "other")


def kind_of(url: str, resource_type: str, content_type: str) -> str:
    if resource_type == "document":
        return "html"
    if resource_type == "stylesheet" or "text/css" in content_type:
        return "css"
    if resource_type == "script" or "javascript" in content_type:
        return "js"
    if resource_type == "font" or url.split("?")[0].endswith((".woff2", ".woff")):
        return "font"
    return "other"


def compressed(body: bytes, kind: str) -> tuple[int, int]:
    quality = 5 if kind == "html" else 11
    return len(gzip.compress(body, 6, mtime=0)), len(brotli.compress(body, quality=quality))


def record(browser, url: str, widget_origin: str | None, viewport_height: int) -> dict:
    """Every distinct response of a cold load of ``url``; for a mock-up, only those of the
    widgets' origin (the host page is the platform's, not ours)."""
    context = browser.new_context(viewport={"width": 1280, "height": viewport_height},
                                  locale="fr-FR")
    seen: dict[str, tuple[str, bytes]] = {}
    responses = []
    context.on("response", lambda response: responses.append(response))
    page = context.new_page()
    page.goto(url, wait_until="load")
    if widget_origin:   # a mock-up: every frame embed.js made has loaded its widget
        page.wait_for_function("() => [...document.querySelectorAll('[data-apprentissage-widget]')]"
                               ".every(e => e.dataset.apprentissageState === 'ready')", timeout=30000)
    try:
        page.wait_for_load_state("networkidle", timeout=10000)
    except PlaywrightTimeout:   # a busy machine: what has arrived by now is the load
        pass
    for response in responses:
        address = response.url
        if address in seen or response.status != 200 or address.startswith("data:"):
            continue
        if widget_origin and not address.startswith(widget_origin):
            continue
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 (a response whose body Chromium already dropped)
            continue
        kind = kind_of(address, response.request.resource_type,
                       response.headers.get("content-type", ""))
        seen[address] = (kind, body)
    context.close()
    totals = {k: {"files": 0, "raw": 0, "gzip": 0, "brotli": 0} for k in KINDS}
    for address, (kind, body) in seen.items():
        gz, br = compressed(body, kind)
        entry = totals[kind]
        entry["files"] += 1
        entry["raw"] += len(body)
        entry["gzip"] += gz
        entry["brotli"] += br
    return {"urls": sorted(seen), "by_kind": totals}


def serve():
    from bff import create_app
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    folder = tempfile.mkdtemp(prefix="aw-measure-")
    app = create_app({"DATABASE_URL": f"sqlite:///{folder}/measure.sqlite3",
                      "CACHE_TYPE": "SimpleCache"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure() -> dict:
    from playwright.sync_api import sync_playwright
    server = serve()
    base = f"http://127.0.0.1:{server.server_port}"
    results = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                        args=["--no-sandbox", "--disable-gpu"])
            for name, path in WIDGETS.items():
                results[name] = record(browser, base + path, None, 900)
            # The demo host pages are served on "localhost" and embed the widgets from
            # 127.0.0.1 (see bff/demo.py); a tall window loads every lazy frame.
            host = base.replace("127.0.0.1", "localhost")
            for name, path in MOCKUPS.items():
                results[name] = record(browser, host + path, base, 20000)
            browser.close()
    finally:
        server.shutdown()
    return results


def table(results: dict) -> str:
    lines = ["| page | HTML | CSS | JS | HTML + CSS + JS raw | gzip | brotli | fonts raw (files) |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, result in results.items():
        k = result["by_kind"]
        text = [k["html"], k["css"], k["js"]]
        raw, gz, br = (sum(e[f] for e in text) for f in ("raw", "gzip", "brotli"))
        cells = [f"{e['raw']:,} B ({e['files']})" for e in text]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {raw:,} B | {gz:,} B | {br:,} B | "
                     f"{k['font']['raw']:,} B ({k['font']['files']}) |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = measure()
    print(json.dumps(results, indent=1) if args.json else table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
