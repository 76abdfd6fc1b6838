"""First paint on a phone: when a widget's form is painted on a slow connection, in real
Chromium driven through the DevTools protocol (playwright's CDP session).

    python3 -m bench.bench_first_paint                 # both standard scenarios, 3 rounds
    python3 -m bench.bench_first_paint --write         # also into docs/benchmarks.md
    python3 -m bench.bench_first_paint --page /demo/parcoursup --frame /widgets/v1/pay-simulator \\
        --element form --scroll-to '[data-apprentissage-widget="pay-simulator"]'

Profile (issue 18): ``Network.emulateNetworkConditions`` 400 ms RTT, 400 kbit/s down and
up, ``Emulation.setCPUThrottlingRate`` 4, a 412 x 915 phone viewport. Chromium runs with
cross-site frames in the page's process (``--disable-site-isolation-trials``), as Chrome
on Android does for sites without logins, so the throttling applies to the widget frames
too.

What is measured: ``--page`` is opened in a new browser context (cold cache), then again
in the same context (warm cache: immutable assets come from the cache). In the frame whose
URL contains ``--frame`` (or the page itself), an init script gives ``--element`` and
everything inside it the ``elementtiming`` attribute; the paint time is the first Element
Timing entry of that subtree (``renderTime``), converted to milliseconds since the page's
navigation started (both time origins are epoch-based). ``--scroll-to`` scrolls a host
element into view as soon as it is parsed, before the embed loader runs (a candidate
opening the page at that wish). Bytes are what the network sent for the whole load, until
the network has been idle for a second (``Network.loadingFinished`` ``encodedDataLength``:
headers and compressed bodies; every frame of the page included).

Baseline, same run, interleaved: the same load asking for no compression
(``Accept-Encoding: identity``). ``ROUNDS`` rounds of (baseline, target), medians and the
lowest-highest spread. Goals: direct cold <= 1.5 s, mock-up cold <= 2.5 s, warm <= 0.5 s.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass, field

from bench.harness import Server, machine_description, write_section

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage",
                 "--disable-site-isolation-trials"]
VIEWPORT = {"width": 412, "height": 915}
RTT_MS = 400
KBITS = 400
CPU_SLOWDOWN = 4
ROUNDS = 3
TIMEOUT_S = 60


@dataclass
class Scenario:
    name: str
    page: str                     # path; /demo/... is opened on "localhost", the rest on 127.0.0.1
    element: str                  # CSS selector of what must be painted
    frame: str | None = None      # part of the URL of the frame holding it (None: the page)
    scroll_to: str | None = None  # host element scrolled into view before the loader runs
    goal_cold_ms: float = 1500
    goal_warm_ms: float = 500


SCENARIOS = [
    Scenario("pay simulator loaded directly",
             "/widgets/v1/pay-simulator?caller=demo&formation_start=2027-09-01", "form"),
    # The mock-up shows one wish summary per apprenticeship wish (the full widgets open
    # inside it): the first wish's summary, the page opened at that wish.
    Scenario("first wish summary in the Parcoursup mock-up", "/demo/parcoursup", ".aw-ws",
             frame="/widgets/v1/wish-summary",
             scroll_to='[data-apprentissage-widget="wish-summary"]', goal_cold_ms=2500),
    # Seven widgets on one host page: the pay simulator's frame, opened at it, must not
    # wait for the others.
    Scenario("pay simulator among the seven widgets of the demo page", "/demo/", "form",
             frame="/widgets/v1/pay-simulator",
             scroll_to='[data-apprentissage-widget="pay-simulator"]', goal_cold_ms=2500),
]

INIT_SCRIPT = """
(() => {
  const target = %(target)s;
  const inFrame = target.frame ? location.href.includes(target.frame)
                               : window === window.top;
  if (target.scrollTo && window === window.top) {
    // Keep the host element at the top of the viewport while the page grows (frames
    // above it take their content's height), for 30 s.
    const keep = () => {
      const host = document.querySelector(target.scrollTo);
      if (host) host.scrollIntoView({block: "start"});
    };
    const until = Date.now() + 30000;
    new MutationObserver((records, observer) => {
      if (Date.now() > until) return observer.disconnect();
      keep();
    }).observe(document, {childList: true, subtree: true, attributes: true});
    document.addEventListener("DOMContentLoaded", () => {
      new ResizeObserver((entries, observer) => {
        if (Date.now() > until) return observer.disconnect();
        keep();
      }).observe(document.documentElement);
    });
  }
  if (!inFrame) return;
  window.__bench = {paint: null, fcp: null};
  const mark = (node) => {
    if (node.nodeType !== 1) return;
    const root = node.matches(target.element) ? node : node.closest(target.element);
    if (!root) { node.querySelectorAll(target.element).forEach(mark); return; }
    node.setAttribute("elementtiming", "bench-target");
    node.querySelectorAll("*").forEach((child) => child.setAttribute("elementtiming", "bench-target"));
  };
  new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach(mark)))
    .observe(document, {childList: true, subtree: true});
  new PerformanceObserver((list) => list.getEntries().forEach((entry) => {
    if (entry.identifier !== "bench-target") return;
    const at = performance.timeOrigin + (entry.renderTime || entry.loadTime);
    if (window.__bench.paint === null || at < window.__bench.paint) window.__bench.paint = at;
  })).observe({type: "element", buffered: true});
  new PerformanceObserver((list) => list.getEntries().forEach((entry) => {
    if (entry.name === "first-contentful-paint")
      window.__bench.fcp = performance.timeOrigin + entry.startTime;
  })).observe({type: "paint", buffered: true});
})();
"""


@dataclass
class Load:
    paint_ms: float | None
    fcp_ms: float | None
    bytes: int
    requests: int
    html_ms: float | None = None  # the opened page's own HTML received (responseEnd)


def throttle(cdp) -> None:
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": RTT_MS,
        "downloadThroughput": KBITS * 1000 / 8, "uploadThroughput": KBITS * 1000 / 8})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})


def load_once(context, url: str, scenario: Scenario, compressed: bool) -> Load:
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    throttle(cdp)
    if not compressed:
        cdp.send("Network.setExtraHTTPHeaders", {"headers": {"Accept-Encoding": "identity"}})
    sent = {"bytes": 0, "requests": 0}
    in_flight: set[str] = set()
    last_activity = [time.monotonic()]

    def started_(event):
        in_flight.add(event["requestId"])
        last_activity[0] = time.monotonic()

    def finished(event):
        sent["bytes"] += int(event.get("encodedDataLength", 0))
        sent["requests"] += 1
        failed(event)

    def failed(event):
        in_flight.discard(event["requestId"])
        last_activity[0] = time.monotonic()
    cdp.on("Network.requestWillBeSent", started_)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.loadingFailed", failed)
    try:
        page.goto(url, wait_until="commit", timeout=TIMEOUT_S * 1000)
        started = page.evaluate("performance.timeOrigin")
        deadline = time.monotonic() + TIMEOUT_S
        bench = None
        while time.monotonic() < deadline:
            frames = [f for f in page.frames
                      if (scenario.frame in f.url if scenario.frame else f == page.main_frame)]
            for frame in frames:
                try:
                    bench = frame.evaluate("window.__bench || null")
                except Exception:   # the frame is navigating
                    bench = None
                if bench and bench["paint"]:
                    break
            if bench and bench["paint"]:
                break
            page.wait_for_timeout(100)
        page.wait_for_load_state("load", timeout=TIMEOUT_S * 1000)
        # Frames may start after the page's load event (the loader starts them in viewport
        # order): the load is over when the network has been idle for a second.
        while time.monotonic() < deadline and (
                in_flight or time.monotonic() - last_activity[0] < 1.0):
            page.wait_for_timeout(100)
        paint = bench["paint"] - started if bench and bench["paint"] else None
        fcp = bench["fcp"] - started if bench and bench["fcp"] else None
        html = page.evaluate(
            "(performance.getEntriesByType('navigation')[0] || {}).responseEnd || null")
        return Load(paint, fcp, sent["bytes"], sent["requests"], html)
    finally:
        cdp.detach()
        page.close()


def measure(browser, base: str, scenario: Scenario, compressed: bool) -> tuple[Load, Load]:
    """(cold, warm) loads in a fresh context."""
    url = (base.replace("127.0.0.1", "localhost") if scenario.page.startswith("/demo/")
           else base) + scenario.page
    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR", is_mobile=True,
                                  has_touch=True, device_scale_factor=2.625)
    context.add_init_script(INIT_SCRIPT % {"target": json.dumps({
        "frame": scenario.frame, "element": scenario.element,
        "scrollTo": scenario.scroll_to})})
    try:
        cold = load_once(context, url, scenario, compressed)
        warm = load_once(context, url, scenario, compressed)
        return cold, warm
    finally:
        context.close()


@dataclass
class Figures:
    scenario: Scenario
    runs: dict = field(default_factory=lambda: {"identity": [], "compressed": []})


def spread(values: list[float | None]) -> str:
    known = [v for v in values if v is not None]
    if not known:
        return "not painted"
    text = f"{statistics.median(known):,.0f} ms ({min(known):,.0f}–{max(known):,.0f})"
    return text + (f", {len(values) - len(known)} not painted" if len(known) < len(values) else "")


def run(scenarios: list[Scenario], rounds: int) -> list[Figures]:
    from playwright.sync_api import sync_playwright

    results = [Figures(s) for s in scenarios]
    with Server(workers=2, threads=4, env={"LOG_LEVEL": "warning"}) as server, \
            sync_playwright() as p:
        server.warm(*[s.page for s in scenarios if not s.page.startswith("/demo/")], times=3)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                    headless=True)
        try:
            for _ in range(rounds):
                for figures in results:
                    for mode in ("identity", "compressed"):
                        figures.runs[mode].append(measure(browser, server.url,
                                                          figures.scenario,
                                                          mode == "compressed"))
        finally:
            browser.close()
    return results


def table(results: list[Figures], rounds: int) -> str:
    lines = [
        "### First paint on a phone",
        "",
        f"`python3 -m bench.bench_first_paint` on {machine_description()}: Chromium "
        f"(playwright, DevTools protocol), {VIEWPORT['width']} x {VIEWPORT['height']} phone "
        f"viewport, {RTT_MS} ms RTT, {KBITS} kbit/s down and up, CPU slowed {CPU_SLOWDOWN} "
        f"times, gunicorn 2 workers on loopback; {rounds} interleaved rounds, medians "
        "(lowest–highest). Paint: the first Element Timing entry of the form and its content, "
        "since the page's navigation started. Bytes: sent by the network for the whole load, "
        "every frame included, until the network is idle for 1 s (headers and bodies as "
        "encoded). Baseline: the same load with "
        "`Accept-Encoding: identity`.",
        "",
        "| scenario | cache | form painted | of which the opened page's own HTML "
        "| baseline (no compression) | bytes on the wire (baseline) | goal |",
        "|---|---|---|---|---|---|---|",
    ]
    for figures in results:
        s = figures.scenario
        for index, cache in ((0, "cold"), (1, "warm")):
            target = [run[index] for run in figures.runs["compressed"]]
            base = [run[index] for run in figures.runs["identity"]]
            paints = [load.paint_ms for load in target]
            known = [v for v in paints if v is not None]
            goal = s.goal_cold_ms if cache == "cold" else s.goal_warm_ms
            met = "met" if known and len(known) == len(paints) and \
                statistics.median(known) <= goal else "**missed**"
            lines.append(
                f"| {s.name} | {cache} | **{spread(paints)}** | "
                f"{spread([l.html_ms for l in target])} | "
                f"{spread([l.paint_ms for l in base])} | "
                f"{statistics.median(l.bytes for l in target):,.0f} B "
                f"({statistics.median(l.bytes for l in base):,.0f} B) | "
                f"<= {goal / 1000:g} s: {met} |")
    lines.append("")
    lines.append("Host pages: the page is kept scrolled to the target widget's placeholder "
                 "from the moment it is parsed (a candidate opening the page at that wish, "
                 "while the frames above take their height); the embed loader starts the "
                 "visible frames first, two at a time. \"Of which the opened page's own "
                 "HTML\": when its response had been received (Navigation Timing "
                 "`responseEnd`). In a host page that is the host's HTML, which no widget "
                 f"can speed up: one {RTT_MS} ms round trip at least, cache or not (a host "
                 "page is revalidated), which leaves a widget inside a host page less than "
                 "100 ms of the 0.5 s warm goal on this profile; the difference between the "
                 "two columns is the widget's own share.")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", help="path of the page to open (default: both scenarios)")
    parser.add_argument("--element", default="form", help="CSS selector to wait for")
    parser.add_argument("--frame", help="part of the URL of the frame holding the element")
    parser.add_argument("--scroll-to", help="host element scrolled into view first")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    scenarios = SCENARIOS if not args.page else [
        Scenario(args.page, args.page, args.element, args.frame, args.scroll_to)]
    markdown = table(run(scenarios, args.rounds), args.rounds)
    print(markdown)
    if args.write:
        write_section("first-paint", markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
