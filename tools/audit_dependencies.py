"""Known vulnerabilities in the packages the BFF runs with, where an advisory database
answers (``.ci/run`` runs it before the tests).

The audited set is what a production instance installs: ``install_requires`` and the
``prod`` extra of this package, with everything they require, at the versions installed
in this environment (``.venv``), pinned. pip-audit checks them against PyPI's advisory data
(the Python Packaging Advisory Database, as OSV records). A known vulnerability fails the
run, naming the package, the advisory and the fixed versions.

Where no advisory data can be reached (a closed network, or a registry mirror that serves
packages but not their per-release advisory data), the audit cannot say anything: it prints
one line saying it was skipped and why, and exits 0, so CI does not fail for the network.

    python tools/audit_dependencies.py
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

PACKAGE = "apprentissage-widgets"
EXTRAS = {"prod"}
TIMEOUT_SECONDS = 300


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_closure(package: str = PACKAGE, extras: set[str] = EXTRAS) -> dict[str, str]:
    """{distribution name: installed version} of ``package``'s runtime requirements."""
    found: dict[str, str] = {}
    pending = [(package, set(extras))]
    while pending:
        name, wanted = pending.pop()
        distribution = metadata.distribution(name)
        for line in distribution.requires or ():
            requirement = Requirement(line)
            if requirement.marker and not any(
                    requirement.marker.evaluate({"extra": extra}) for extra in wanted | {""}):
                continue
            key = _normal(requirement.name)
            try:
                version = metadata.version(requirement.name)
            except metadata.PackageNotFoundError:
                continue  # an optional dependency this environment does not have
            if key not in found:
                found[key] = version
                pending.append((requirement.name, set(requirement.extras)))
    return found


def pip_audit_command() -> str:
    beside = Path(sys.executable).parent / "pip-audit"
    return str(beside) if beside.exists() else (shutil.which("pip-audit") or "pip-audit")


def audit(pins: dict[str, str]) -> tuple[str, list[str]]:
    """("ok" | "vulnerable" | "skipped", lines to print)."""
    with tempfile.TemporaryDirectory() as folder:
        requirements = Path(folder) / "requirements.txt"
        requirements.write_text("".join(f"{n}=={v}\n" for n, v in sorted(pins.items())))
        try:
            done = subprocess.run(
                [pip_audit_command(), "--requirement", str(requirements), "--no-deps",
                 "--disable-pip", "--format", "json", "--progress-spinner", "off",
                 "--timeout", "20"],
                capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                env=dict(os.environ, PIP_AUDIT_NO_COLOR="1"))
        except FileNotFoundError:
            return "skipped", ["dependency audit skipped: pip-audit is not installed "
                               "(pip install -e '.[test]')"]
        except subprocess.TimeoutExpired:
            return "skipped", [f"dependency audit skipped: no answer from the advisory "
                               f"database within {TIMEOUT_SECONDS} s"]
    try:
        report = json.loads(done.stdout)
    except ValueError:
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1][:200]
        return "skipped", [f"dependency audit skipped: the advisory database could not be "
                           f"reached ({reason})"]
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    if not audited:
        return "skipped", [f"dependency audit skipped: no advisory data for any of the "
                           f"{len(dependencies)} runtime packages (the registry answering "
                           "here serves no per-release advisory data)"]
    lines = []
    vulnerable = [d for d in audited if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            lines.append(f"{dependency['name']} {dependency['version']}: {vuln['id']} "
                         f"(fixed in {fixes})")
    unaudited = [d["name"] for d in dependencies if "skip_reason" in d]
    summary = (f"dependency audit: {len(audited)} runtime packages checked, "
               f"{len(vulnerable)} with known vulnerabilities")
    if unaudited:
        summary += f"; no advisory data for {', '.join(sorted(unaudited))}"
    return ("vulnerable" if vulnerable else "ok"), lines + [summary]


def main() -> int:
    status, lines = audit(runtime_closure())
    for line in lines:
        print(line)
    return 1 if status == "vulnerable" else 0


if __name__ == "__main__":
    sys.exit(main())
