"""Benchmark harness: start the BFF like production, load it from loopback, compare.

These machines are shared and noisy, so no figure stands alone: each target is measured
against a baseline on the same server in the same run, in interleaved rounds, and
reported as a ratio of medians.

    from bench.harness import Server, compare, measure, wants_write, write_section
    with Server() as server:
        result = compare(server, "/api/v1/ping", "/api/v1/pay-simulation?...", concurrency=16)

The load generator is wrk (Debian package ``wrk``, installed by ``ensure_wrk``): it is
written in C, so it takes far less of the 2 cores than the server it measures. It still
shares them; figures are for this machine only.
"""
from __future__ import annotations

import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS_PAGE = ROOT / "docs" / "benchmarks.md"
WRITE_FLAGS = ("--write", "--readme")  # --readme: the flag's old name, when figures went to README.md


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True,
                       stdout=subprocess.DEVNULL)
        path = shutil.which("wrk")
    return path


class Server:
    """The BFF under gunicorn on a free loopback port, with production-like settings."""

    def __init__(self, workers: int = 2, threads: int = 4, env: dict | None = None,
                 app: str = "bff:create_app()", extra_args: tuple[str, ...] = ()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers, self.threads, self.app = workers, threads, app
        self.env = dict(os.environ, **(env or {}))
        self.env.setdefault("BFF_INSTANCE_DIR", tempfile.mkdtemp(prefix="aw-bench-"))
        # Ratio benchmarks compare a route with ping on one server: SO_REUSEPORT keeps a
        # round from running on one worker of two (bench_connections). bench_production
        # measures the shipped default (off).
        self.env.setdefault("GUNICORN_REUSE_PORT", "1")
        self.extra_args = extra_args
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(self.workers), "--threads", str(self.threads),
                   "--log-level", "warning", *self.extra_args, self.app]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/api/v1/ping", timeout=1).ok:
                    self.wait_until_idle()
                    return self
            except requests.RequestException:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("the benchmark server did not start")

    def worker_pids(self) -> list[int]:
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
            return [int(pid) for pid in children.read_text().split()]
        except (OSError, ValueError):
            return []

    def _cpu_ticks(self) -> int:
        total = 0
        for pid in [self.process.pid, *self.worker_pids()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])     # utime + stime
            except (OSError, IndexError, ValueError):
                pass
        return total

    def wait_until_idle(self, timeout: float = 60.0) -> None:
        """The first ping answers as soon as one worker is up; the others may still be
        starting or warming up (bff/warmup.py), and a round measured then has half the
        workers. Wait until every worker is up and the server has used no CPU for 1 s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.worker_pids()) < self.workers:
            time.sleep(0.2)
        tick = os.sysconf("SC_CLK_TCK")
        before = self._cpu_ticks()
        while time.monotonic() < deadline:
            time.sleep(1.0)
            now = self._cpu_ticks()
            if (now - before) / tick < 0.05:
                return
            before = now

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def warm(self, *paths: str, times: int = 20) -> None:
        """Load code paths and caches in every worker before measuring."""
        for _ in range(times):
            for path in paths:
                requests.get(self.url + path, timeout=10)


@dataclass
class Result:
    requests_per_second: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    requests: int
    errors: int

    def row(self) -> str:
        return (f"{self.requests_per_second:,.0f} req/s, p50 {self.p50_ms:.1f} ms, "
                f"p99 {self.p99_ms:.1f} ms, errors {self.errors}")


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


WRK_SCRIPT = """
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def measure(base_url: str, paths: str | list[str], concurrency: int = 16,
            duration: float = 5.0, threads: int = 2) -> Result:
    """Load ``paths`` (cycled in order) with ``concurrency`` connections for ``duration`` s."""
    wrk = ensure_wrk()
    paths = [paths] if isinstance(paths, str) else list(paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join('"%s"' % p.replace('"', '\\"') for p in paths))
    try:
        out = subprocess.run(
            [wrk, "-t", str(min(threads, concurrency)), "-c", str(concurrency),
             "-d", f"{max(1, round(duration))}s", "--latency", "--timeout", "5s", "-s", script.name,
             base_url], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    percentiles = {int(p): _ms(v, u) for p, v, u in
                   re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)}
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)",
                                            re.search(r"Socket errors:.*", out).group(0))) \
        if "Socket errors" in out else 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return Result(rps, percentiles.get(50, 0.0), percentiles.get(90, 0.0),
                  percentiles.get(99, 0.0), total, errors)


@dataclass
class Comparison:
    baseline: Result
    target: Result
    # Each target round's throughput over the baseline round just before it: on a shared
    # machine the capacity drifts between rounds, and a ratio of the two medians can pair a
    # slow round of one with a fast round of the other.
    round_ratios: tuple[float, ...] = ()

    @property
    def throughput_ratio(self) -> float:
        """The median of the per-round ratios (the ratio of the medians without rounds)."""
        if self.round_ratios:
            return statistics.median(self.round_ratios)
        return self.target.requests_per_second / self.baseline.requests_per_second

    def ratio_spread(self) -> str:
        if len(self.round_ratios) < 2:
            return ""
        return f" ({min(self.round_ratios):.0%}–{max(self.round_ratios):.0%})"

    def table_row(self, name: str) -> str:
        """``| name | throughput (ping) | ratio | p50 | p99 | errors |`` for the tables of
        docs/benchmarks.md; the ratio is the median of the rounds' ratios (lowest–highest)."""
        target = self.target
        return (f"| {name} | {target.requests_per_second:,.0f} req/s "
                f"(ping {self.baseline.requests_per_second:,.0f}) | "
                f"**{self.throughput_ratio:.0%}**{self.ratio_spread()} | {target.p50_ms:.1f} ms | "
                f"{target.p99_ms:.1f} ms | {target.errors} |")

    def as_dict(self) -> dict:
        return {"baseline": asdict(self.baseline), "target": asdict(self.target),
                "throughput_ratio": round(self.throughput_ratio, 3),
                "round_ratios": [round(r, 3) for r in self.round_ratios]}


def _median_result(results: list[Result]) -> Result:
    return Result(*(statistics.median(getattr(r, f) for r in results)
                    for f in ("requests_per_second", "p50_ms", "p90_ms", "p99_ms")),
                  sum(r.requests for r in results), sum(r.errors for r in results))


def compare(server: Server, baseline: str | list[str], target: str | list[str],
            concurrency: int = 16, duration: float = 4.0, rounds: int = 3) -> Comparison:
    """Interleave baseline and target rounds on one server; medians of each, and each
    round's throughput ratio."""
    base_results, target_results = [], []
    for _ in range(rounds):
        base_results.append(measure(server.url, baseline, concurrency, duration))
        target_results.append(measure(server.url, target, concurrency, duration))
    ratios = tuple(t.requests_per_second / b.requests_per_second
                   for b, t in zip(base_results, target_results) if b.requests_per_second)
    return Comparison(_median_result(base_results), _median_result(target_results), ratios)


def machine_description() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{cpu}, {os.cpu_count()} cores, {mem_gib:.0f} GiB, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")


def wants_write(argv: list[str]) -> bool:
    """True when a benchmark was asked to write its figures into docs/benchmarks.md."""
    return any(flag in argv for flag in WRITE_FLAGS)


def write_section(name: str, markdown: str, page: Path = BENCHMARKS_PAGE) -> None:
    """Replace the text between ``<!-- bench:name -->`` markers in docs/benchmarks.md.

    A section seen for the first time goes before the "Machine of the last run" section
    (or at the end of the page when there is none)."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    text = page.read_text()
    block = f"{start}\n{markdown.strip()}\n{end}"
    if start in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, text,
                      flags=re.S)
    else:
        machine = "<!-- bench:machine -->"
        if name != "machine" and machine in text:
            at = text.index(machine)
            text = text[:at] + block + "\n\n" + text[at:]
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
    page.write_text(text)


# -- bytes on the wire ------------------------------------------------------------------
@dataclass
class WireResponse:
    status: int
    headers: dict[str, str]     # lower-case names
    body: bytes                 # decoded (Content-Encoding undone)
    wire_bytes: int             # everything the server sent: status line, headers, body
    head_bytes: int = 0         # of which the status line and headers (with the blank line)


def wire_get(url: str, accept_encoding: str = "br, gzip", timeout: float = 10) -> WireResponse:
    """GET ``url`` over a plain socket and count the bytes the server sends.

    A real HTTP/1.1 exchange (``Connection: close``), so the count is what went over the
    wire: the response as encoded, headers included; the body is then decoded
    (chunked, brotli, gzip) for the caller to read."""
    import gzip
    from urllib.parse import urlsplit

    import brotli

    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    request = (f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
               f"Accept-Encoding: {accept_encoding}\r\nUser-Agent: aw-bench\r\n"
               "Accept: */*\r\nConnection: close\r\n\r\n").encode()
    with socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    raw = b"".join(chunks)
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        decoded, rest = b"", body
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                break
            decoded, rest = decoded + rest[:size], rest[size + 2:]
        body = decoded
    encoding = headers.get("content-encoding")
    if encoding == "br":
        body = brotli.decompress(body)
    elif encoding == "gzip":
        body = gzip.decompress(body)
    return WireResponse(status, headers, body, len(raw), len(head) + 4)


SUBRESOURCE = re.compile(
    r'<(?:link[^>]+rel="(?:stylesheet|preload|modulepreload)"[^>]*href|script[^>]+src)='
    r'"([^"]+)"', re.I)
CSS_FONT = re.compile(r"@font-face\s*{[^}]*?url\(\s*['\"]?([^'\")]+\.woff2?[^'\")]*)", re.I)


def cold_load(base_url: str, path: str, accept_encoding: str = "br, gzip") -> dict:
    """Bytes on the wire of a cold load of ``path``: its HTML, the stylesheets and scripts
    it links (each once), and the fonts those stylesheets declare (every @font-face: an
    upper bound, a browser fetches only the faces it uses; bench_first_paint records what
    Chromium really fetched). Returns {"html", "css", "js", "fonts", "other": bytes,
    "files": {url: bytes}}."""
    from html import unescape
    from urllib.parse import urljoin

    page_url = base_url + path
    page = wire_get(page_url, accept_encoding)
    totals = {"html": page.wire_bytes, "css": 0, "js": 0, "fonts": 0, "other": 0}
    files = {page_url: page.wire_bytes}
    queue = [urljoin(page_url, unescape(u)) for u in SUBRESOURCE.findall(page.body.decode())]
    while queue:
        url = queue.pop(0)
        if url in files or not url.startswith(base_url):
            continue
        response = wire_get(url, accept_encoding)
        files[url] = response.wire_bytes
        kind = response.headers.get("content-type", "")
        if "css" in kind:
            totals["css"] += response.wire_bytes
            queue += [urljoin(url, u) for u in CSS_FONT.findall(response.body.decode())]
        elif "javascript" in kind:
            totals["js"] += response.wire_bytes
        elif "font" in kind or url.split("?")[0].endswith((".woff2", ".woff")):
            totals["fonts"] += response.wire_bytes
        else:
            totals["other"] += response.wire_bytes
    totals["files"] = files
    return totals
