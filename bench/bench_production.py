"""Results-day benchmark: the BFF as deployed (gunicorn.conf.py, PostgreSQL, Redis, the
offers API faked on loopback) under a results-day mix of requests.

    python3 -m bench.bench_production            # prints the figures (about 4 minutes)
    python3 -m bench.bench_production --write    # also writes them into docs/benchmarks.md

Every figure is a ratio against a baseline measured on the same server in the same run:
``/api/v1/ping`` for throughput, a static file of a widget page's size for pages, a
direct call to the fake upstream for searches. Goals (issue 7): no error at 64 clients;
widget pages and API p99 < 50 ms; widget pages >= 50 % of ping's throughput; the whole
mix >= 1,000 req/s with Redis as the cache.

wrk (C, Debian package) drives the load from loopback; it shares the 2 cores with the
server, the fake upstream, PostgreSQL and Redis, so the server gets less than 2 cores.
"""
from __future__ import annotations

import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import requests

from bench.harness import ROOT, Server, ensure_wrk, free_port, machine_description

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL",
                                 "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
MIX_SECONDS = float(os.environ.get("BENCH_MIX_SECONDS", 60))
WORKERS = int(os.environ.get("BENCH_WORKERS", 2))
THREADS = int(os.environ.get("BENCH_THREADS", 4))
GOALS = {"p99_ms": 50.0, "page_ratio": 0.9, "mix_rps": 1500.0, "clients": 64}
# The steady run: the results-day mix at full load this long, counting worker restarts.
STEADY_SECONDS = float(os.environ.get("BENCH_STEADY_SECONDS", 600))

CALLERS = ("parcoursup", "affelnet")
ACADEMIES = ("01", "02", "04", "08", "09", "10", "11", "16", "19", "22")
TRADES = (("D1102", "69123"), ("F1603", "75056"), ("D1106", "13055"), ("G1602", "31555"),
          ("H2913", "33063"), ("D1202", "44109"), ("I1604", "67482"), ("F1602", "59350"),
          ("M1607", "34172"), ("D1211", "35238"))
CITIES = ((45.76, 4.83), (48.85, 2.35), (43.30, 5.37), (43.60, 1.44), (44.84, -0.58),
          (47.22, -1.55), (48.57, 7.75), (50.63, 3.06), (43.61, 3.88), (48.11, -1.68))


# -- what candidates load on results day ------------------------------------------------
def widget_page_urls() -> list[str]:
    urls = []
    for caller in CALLERS:
        host = ("https%3A%2F%2Fdossierappel.parcoursup.fr" if caller == "parcoursup"
                else "https%3A%2F%2Faffectation3e.phm.education.gouv.fr")
        for start in ("2026-09-01", "2026-10-01", "2027-01-05"):
            urls.append(f"/widgets/v1/pay-simulator?caller={caller}&formation_start={start}"
                        f"&host_origin={host}")
        for academie in ACADEMIES:
            urls.append(f"/widgets/v1/calendar?caller={caller}&academie={academie}"
                        f"&host_origin={host}")
        for rome, insee in TRADES:
            urls.append(f"/widgets/v1/offer-search?caller={caller}&romes={rome}&insee={insee}"
                        f"&host_origin={host}")
        urls.append(f"/widgets/v1/guide?caller={caller}&host_origin={host}")
    return urls


def api_urls() -> list[str]:
    rng = random.Random(7)
    urls = []
    for _ in range(60):   # candidates' own months of birth and contract starts
        born = f"{rng.randint(2004, 2010)}-{rng.randint(1, 12):02d}"
        start = rng.choice(("2026-09-01", "2026-09-15", "2026-10-01", "2027-01-04"))
        urls.append(f"/api/v1/pay-simulation?birth_month={born}&contract_start={start}")
    for platform in CALLERS:
        for campaign in ("2026", "2027"):
            urls.append(f"/api/v1/calendar?platform={platform}&campaign={campaign}")
    for prefix in ("boul", "plom", "cuis", "vend", "coif", "elec", "mac", "auto"):
        urls.append(f"/api/v1/trades?q={prefix}")
    for prefix in ("lyon", "mars", "toul", "nant", "bord", "lill", "rennes", "stras"):
        urls.append(f"/api/v1/communes?q={prefix}")
    return urls


def popular_searches() -> list[str]:
    return [f"/api/v1/offers?romes={rome}&latitude={lat}&longitude={lon}&radius=30"
            for (rome, _), (lat, lon) in zip(TRADES * 3, CITIES * 3)
            ] + [f"/api/v1/offers?romes={rome}&latitude={lat}&longitude={lon}&radius=60"
                 for (rome, _), (lat, lon) in zip(TRADES, reversed(CITIES))]


# Shares per 100 requests; "miss" is a search never made before (new cache key).
RESULTS_DAY_MIX = {"embed": 10, "pages": 40, "pay": 20, "other_api": 10, "search_hit": 16,
                   "search_miss": 4}


# -- load generation -------------------------------------------------------------------
LUA = r"""
local groups = %(groups)s
local slots = %(slots)s
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  math.randomseed(id * 7919 + os.time())
end
request = function()
  local group = slots[math.random(#slots)]
  local path
  if group == "search_miss" then
    path = string.format("/api/v1/offers?romes=F1603&latitude=%%.4f&longitude=%%.4f&radius=10",
                         43 + math.random() * 6, -1 + math.random() * 8)
  else
    local list = groups[group]
    path = list[math.random(#list)]
  end
  return wrk.format("GET", path)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %%d, "seconds": %%.3f, "p50": %%.3f, "p95": %%.3f, "p99": %%.3f, ' ..
    '"max": %%.3f, "connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(95) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def _lua_list(items) -> str:
    return "{" + ", ".join(json.dumps(i) for i in items) + "}"


@dataclass
class Load:
    rps: float
    p50: float
    p95: float
    p99: float
    requests: int
    errors: int
    kinds: str = ""

    def row(self) -> str:
        return (f"{self.rps:,.0f} req/s, p50 {self.p50:.1f} ms, p95 {self.p95:.1f} ms, "
                f"p99 {self.p99:.1f} ms, errors {self.errors}"
                + (f" ({self.kinds})" if self.errors else ""))


def load(base_url: str, groups: dict[str, list[str]], shares: dict[str, int],
         clients: int, seconds: float) -> Load:
    """wrk with ``clients`` connections for ``seconds``; paths drawn at random by share."""
    slots = [name for name, share in shares.items() for _ in range(share)]
    script = LUA % {"groups": "{" + ", ".join(f"{k} = {_lua_list(v)}"
                                              for k, v in groups.items()) + "}",
                    "slots": _lua_list(slots)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        out = subprocess.run([ensure_wrk(), "-t", "2", "-c", str(clients), "-d", f"{max(1, round(seconds))}s",
                              "--timeout", "5s", "-s", handle.name, base_url],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(handle.name)
    data = json.loads(out.split("WRK_JSON ", 1)[1].splitlines()[0])
    kinds = {k: data[k] for k in ("connect", "read", "write", "status", "timeout") if data[k]}
    return Load(data["requests"] / data["seconds"], data["p50"], data["p95"], data["p99"],
                data["requests"], sum(kinds.values()),
                ", ".join(f"{v} {'non-2xx/3xx' if k == 'status' else k}"
                          for k, v in kinds.items()))


def interleaved(base_url, baseline: tuple, target: tuple, clients=16, seconds=4.0, rounds=3):
    """Median of ``rounds`` alternating runs of baseline and target (same server)."""
    pairs = [(load(base_url, *baseline, clients, seconds), load(base_url, *target, clients,
                                                                  seconds))
             for _ in range(rounds)]

    def median(loads):
        loads = sorted(loads, key=lambda l: l.rps)
        middle = loads[len(loads) // 2]
        return Load(middle.rps, *(sorted(getattr(l, f) for l in loads)[len(loads) // 2]
                                  for f in ("p50", "p95", "p99")),
                    sum(l.requests for l in loads), sum(l.errors for l in loads))
    return median([p[0] for p in pairs]), median([p[1] for p in pairs])


def only(name: str, urls: list[str]) -> tuple:
    return {name: urls}, {name: 1}


# -- the deployment under test ---------------------------------------------------------
class Deployment:
    """PostgreSQL database and Redis prefix of their own, fake upstream, gunicorn."""

    def __enter__(self):
        import sqlalchemy as sa

        from bff.storage import upgrade

        self.name = f"aw_bench_{uuid.uuid4().hex[:8]}"
        self.admin = sa.create_engine(POSTGRES_SERVER, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{self.name}"'))
        self.database_url = POSTGRES_SERVER.rsplit("/", 1)[0] + "/" + self.name
        engine = sa.create_engine(self.database_url)
        upgrade(engine, production=True)
        engine.dispose()
        self.prefix = f"awbench:{uuid.uuid4().hex[:8]}:"
        self.upstream_port = free_port()
        self.upstream_url = f"http://127.0.0.1:{self.upstream_port}/api"
        self.upstream = subprocess.Popen(
            [sys.executable, "-m", "bench.fake_upstream", str(self.upstream_port)],
            cwd=ROOT, stdout=subprocess.DEVNULL)
        self.log = tempfile.NamedTemporaryFile("wb", prefix="aw-bench-", suffix=".log",
                                               delete=False)
        self.server = LoggedServer(self.log, workers=WORKERS, threads=THREADS, env={
            "BFF_ENV": "production", "DATABASE_URL": self.database_url,
            "REDIS_URL": REDIS_URL, "REDIS_KEY_PREFIX": self.prefix,
            "SECRET_KEY": secrets.token_hex(32), "APPRENTISSAGE_API_KEY": "bench",
            "APPRENTISSAGE_API_URL": self.upstream_url,
            # The fake upstream has no quota; the real one's is enforced by the client.
            "APPRENTISSAGE_CALLS_PER_MINUTE": "1000000", "LOG_LEVEL": "INFO",
            "GUNICORN_REUSE_PORT": "0"})     # gunicorn.conf.py's default, as shipped
        self.server.env["PUBLIC_URL"] = self.server.url
        self.server.__enter__()
        return self

    def __exit__(self, *exc):
        import redis
        import sqlalchemy as sa

        self.server.__exit__(*exc)
        self.upstream.terminate()
        self.upstream.wait(10)
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(self.prefix + "*", count=1000):
            client.delete(key)
        with self.admin.connect() as conn:
            conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                 "WHERE datname = :n"), {"n": self.name})
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{self.name}"'))
        self.admin.dispose()
        self.log.close()
        os.unlink(self.log.name)


class LoggedServer(Server):
    """The harness's gunicorn, with its JSON logs going to a file, not the terminal."""

    def __init__(self, log, **kwargs):
        super().__init__(**kwargs)
        self.log = log

    def __enter__(self):
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                   "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
                   "--threads", str(self.threads), self.app]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/readyz", timeout=2).ok:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("the benchmark server did not become ready")


def same_size_static_file(size: int) -> Path:
    path = ROOT / "static" / f"bench-baseline-{size}.html"
    path.write_bytes((b"<!-- static baseline -->\n" + b"x" * size)[:size])
    return path


def worker_memory(master_pid: int) -> dict[int, float]:
    """Resident memory (MB) of each gunicorn worker of ``master_pid``, by pid (/proc)."""
    workers = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == master_pid:       # field 4, the parent's pid
                pages = int((stat.parent / "statm").read_text().split()[1])
                workers[int(stat.parent.name)] = pages * os.sysconf("SC_PAGE_SIZE") / 2**20
        except (OSError, IndexError, ValueError):
            continue
    return workers


def warm(base_url: str, urls: list[str], times: int = 3) -> None:
    session = requests.Session()
    for _ in range(times):
        for url in urls:
            session.get(base_url + url, timeout=30)


# -- the run ---------------------------------------------------------------------------
def run() -> dict:
    pages, apis, searches = widget_page_urls(), api_urls(), popular_searches()
    figures = {"machine": machine_description(), "workers": WORKERS, "threads": THREADS}
    with Deployment() as deployment:
        url = deployment.server.url
        warm(url, pages + apis + searches + ["/static/js/embed.js", "/api/v1/ping"])
        sizes = [len(requests.get(url + p).content) for p in pages]
        page_size = sorted(sizes)[len(sizes) // 2]
        static = same_size_static_file(page_size)
        try:
            ping = only("ping", ["/api/v1/ping"])
            base, target = interleaved(url, ping, only("pages", pages))
            figures["pages"] = {"ping": base, "target": target}
            base, target = interleaved(url, only("static", [f"/static/{static.name}"]),
                                       only("pages", pages), rounds=2)
            figures["pages_vs_static"] = {"static": base, "target": target,
                                          "size": page_size}
            base, target = interleaved(url, ping, ({"api": apis + searches}, {"api": 1}))
            figures["api"] = {"ping": base, "target": target}
            direct = ({"up": ["/api/job/v1/search?romes=F1603&latitude=45.7&longitude=4.8"]},
                      {"up": 1})
            upstream_url = f"http://127.0.0.1:{deployment.upstream_port}"
            figures["search_hit"] = {
                "upstream": load(upstream_url, *direct, 16, 4.0),
                "target": load(url, *only("hit", searches), 16, 4.0)}
            figures["search_miss"] = {
                "upstream": load(upstream_url, *direct, 16, 4.0),
                "target": load(url, {"x": ["/"]}, {"search_miss": 1}, 16, 4.0)}
            groups = {"embed": ["/static/js/embed.js"], "pages": pages,
                      "pay": [a for a in apis if "pay-simulation" in a],
                      "other_api": [a for a in apis if "pay-simulation" not in a],
                      "search_hit": searches}
            figures["mix_ping"] = load(url, *ping, GOALS["clients"], 10.0)
            figures["mix"] = load(url, groups, RESULTS_DAY_MIX, GOALS["clients"], MIX_SECONDS)
            figures["mix16"] = load(url, groups, RESULTS_DAY_MIX, 16, 10.0)
            if STEADY_SECONDS:
                master = deployment.server.process.pid
                before = worker_memory(master)
                steady = load(url, groups, RESULTS_DAY_MIX, GOALS["clients"], STEADY_SECONDS)
                after = worker_memory(master)
                figures["steady"] = {"load": steady, "seconds": STEADY_SECONDS,
                                     "before": before, "after": after,
                                     "restarts": len(set(before) - set(after))}
        finally:
            static.unlink()
        log = Path(deployment.log.name).read_text(errors="replace").splitlines()
        figures["server_errors_logged"] = sum(1 for line in log if '"status": 5' in line)
        figures["redis_bypassed"] = sum(1 for line in log if "Redis unavailable" in line)
        figures["upstream_calls"] = sum(1 for line in log if "job search: HTTP" in line)
        figures["load_average"] = os.getloadavg()[0]
    return figures


def markdown(f: dict) -> str:
    pages, api, mix = f["pages"], f["api"], f["mix"]
    page_ratio = pages["target"].rps / pages["ping"].rps
    static_ratio = f["pages_vs_static"]["target"].rps / f["pages_vs_static"]["static"].rps
    hit, miss = f["search_hit"], f["search_miss"]

    def ok(condition: bool) -> str:
        return "met" if condition else "**missed**"

    lines = [
        "### Production: results-day load",
        "",
        f"Machine: {f['machine']}. Server: gunicorn.conf.py with {f['workers']} workers x "
        f"{f['threads']} threads, `BFF_ENV=production`, PostgreSQL and Redis on the same "
        "machine, the offers API faked on loopback (`bench/fake_upstream.py`). Load: wrk on "
        "loopback, sharing the 2 cores with all of them. Command: `python3 -m bench.run_all` "
        "(or `python3 -m bench.bench_production --write`).",
        "",
        "| measure | figure | baseline (same run) | ratio | goal |",
        "|---|---|---|---|---|",
        f"| widget pages ({len(widget_page_urls())} URLs, 16 clients) | {pages['target'].row()} "
        f"| ping: {pages['ping'].row()} | {page_ratio:.2f} x ping | >= 0.90 x ping: "
        f"{ok(page_ratio >= GOALS['page_ratio'])}; p99 < 50 ms: "
        f"{ok(pages['target'].p99 < GOALS['p99_ms'])} |",
        f"| widget pages vs static file of the same size ({f['pages_vs_static']['size']:,} B) "
        f"| {f['pages_vs_static']['target'].row()} | static: "
        f"{f['pages_vs_static']['static'].row()} | {static_ratio:.2f} x static | — |",
        f"| API GET answers (pay, calendar, autocompletes, cached searches; 16 clients) "
        f"| {api['target'].row()} | ping: {api['ping'].row()} "
        f"| {api['target'].rps / api['ping'].rps:.2f} x ping | p99 < 50 ms: "
        f"{ok(api['target'].p99 < GOALS['p99_ms'])} |",
        f"| searches answered from Redis (16 clients) | {hit['target'].row()} | fake upstream "
        f"direct: {hit['upstream'].row()} | {hit['target'].rps / hit['upstream'].rps:.2f} x "
        "upstream | — |",
        f"| searches never made before (upstream call, 16 clients) | {miss['target'].row()} "
        f"| fake upstream direct: {miss['upstream'].row()} "
        f"| {miss['target'].rps / miss['upstream'].rps:.2f} x upstream | — |",
        f"| **results-day mix, {GOALS['clients']} clients, {MIX_SECONDS:.0f} s** "
        f"| {mix.row()} ({mix.requests:,} requests) | ping at {GOALS['clients']} clients: "
        f"{f['mix_ping'].row()} | {mix.rps / f['mix_ping'].rps:.2f} x ping | >= 1,500 req/s: "
        f"{ok(mix.rps >= GOALS['mix_rps'])}; no error: {ok(mix.errors == 0)} |",
        f"| results-day mix, 16 clients, 10 s | {f['mix16'].row()} | — | — | p99 < 50 ms: "
        f"{ok(f['mix16'].p99 < GOALS['p99_ms'])} |",
        *([steady_row(f["steady"], ok)] if f.get("steady") else []),
        "",
        "Mix, per 100 requests: " + ", ".join(f"{v} {k.replace('_', ' ')}"
                                              for k, v in RESULTS_DAY_MIX.items())
        + " (pages: pay simulator, calendar per académie, offer search per wish, guide; "
        "API: 60 months of birth x contract starts, calendars, trade and commune "
        "autocompletes; searches: 40 popular ones cached in Redis, misses at random points). "
        f"During the whole run: {f['server_errors_logged']} server errors logged, Redis "
        f"bypassed {f['redis_bypassed']} times (timeouts), {f['upstream_calls']:,} calls to the "
        f"fake upstream; load average at the end {f['load_average']:.1f} (other jobs of the "
        "shared machine included).",
    ]
    return "\n".join(lines)


def steady_row(steady: dict, ok) -> str:
    """No worker restart over a long run at full load (issue 18), and its memory."""
    before = ", ".join(f"{mb:.0f}" for mb in sorted(steady["before"].values()))
    after = ", ".join(f"{mb:.0f}" for mb in sorted(steady["after"].values()))
    return (f"| steady run: results-day mix, {GOALS['clients']} clients, "
            f"{steady['seconds'] / 60:.0f} min | {steady['load'].row()} "
            f"({steady['load'].requests:,} requests); workers' resident memory {before} MB "
            f"before, {after} MB after | — | — | no worker restart: "
            f"{ok(steady['restarts'] == 0)} ({steady['restarts']} restarted); no error: "
            f"{ok(steady['load'].errors == 0)} |")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    figures = run()
    text = markdown(figures)
    print(text)
    from bench.harness import wants_write, write_section
    if wants_write(sys.argv):
        write_section("production", text)
