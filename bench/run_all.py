"""Every benchmark, one command: ``python3 -m bench.run_all`` (or ``./run-bench``).

Runs each ``bench/bench_*.py`` with ``--write`` (each writes its own section of
docs/benchmarks.md), the results-day benchmark last (it loads the machine the
longest), then writes the machine's description and the versions measured. A failing
benchmark is reported and the others still run; the exit status says if any failed.

    python3 -m bench.run_all               # every benchmark
    python3 -m bench.run_all pay guide     # only bench_pay and bench_guide
"""
from __future__ import annotations

import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from importlib import metadata

from bench.harness import ROOT, ensure_wrk, machine_description, write_section

LAST = "production"
PACKAGES = ("flask", "werkzeug", "gunicorn", "flask-caching", "flask-compress", "whitenoise",
            "brotli", "redis", "sqlalchemy", "psycopg", "playwright")


def benchmarks(only: list[str]) -> list[str]:
    names = sorted(p.stem.removeprefix("bench_") for p in (ROOT / "bench").glob("bench_*.py"))
    names.sort(key=lambda name: name == LAST)
    return [n for n in names if not only or n in only]


def versions() -> str:
    found = []
    for package in PACKAGES:
        try:
            found.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            pass
    tools = []
    for command in (["wrk", "--version"], ["redis-server", "--version"],
                    ["psql", "--version"]):
        try:
            out = subprocess.run(command, capture_output=True, text=True, timeout=10)
            line = (out.stdout or out.stderr).splitlines()[0]
            tools.append(line.split(" Copyright")[0].split(" sha=")[0].strip())
        except (OSError, IndexError, subprocess.TimeoutExpired):
            pass
    return ", ".join(found + tools)


def main(argv: list[str]) -> int:
    ensure_wrk()
    failed, timings = [], []
    for name in benchmarks(argv):
        print(f"== bench_{name}", flush=True)
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", f"bench.bench_{name}", "--write"],
                              cwd=ROOT)
        timings.append(f"{name} {time.monotonic() - started:.0f} s")
        if done.returncode != 0:
            failed.append(name)
    machine = "\n".join([
        "### Machine of the last run",
        "",
        f"Measured on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC by "
        "`python3 -m bench.run_all`: " + machine_description() + ".",
        f"Versions: Python {platform.python_version()}, {versions()}.",
        "The load generator (wrk) runs on the same machine and takes part of its 2 cores; "
        "other processes of the machine may also have competed.",
        "Durations: " + ", ".join(timings) + "."
        + (f" **Failed: {', '.join(failed)}.**" if failed else ""),
    ])
    write_section("machine", machine)
    print(machine)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
