"""tools/audit_dependencies.py reads pip-audit's JSON report: a known vulnerability fails
CI, an unreachable advisory database is one "skipped" line. pip-audit itself is replaced
by a script printing what pip-audit prints in each case (its report format is the
boundary; the advisory database cannot be reached from the test machines)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import audit_dependencies  # noqa: E402


def fake_pip_audit(tmp_path, stdout: str, stderr: str = "", code: int = 0) -> str:
    script = tmp_path / "pip-audit"
    script.write_text(f"#!{sys.executable}\nimport sys\nsys.stdout.write({stdout!r})\n"
                      f"sys.stderr.write({stderr!r})\nsys.exit({code})\n")
    script.chmod(0o755)
    return str(script)


@pytest.mark.parametrize("report, code, status, expected", [
    ({"dependencies": [{"name": "flask", "version": "3.1.3", "vulns": []},
                       {"name": "werkzeug", "version": "2.2.2", "vulns": [
                           {"id": "PYSEC-2023-58", "fix_versions": ["2.2.3"]}]}]}, 1,
     "vulnerable", "werkzeug 2.2.2: PYSEC-2023-58 (fixed in 2.2.3)"),
    ({"dependencies": [{"name": "flask", "version": "3.1.3", "vulns": []},
                       {"name": "nh3", "version": "0.3.8",
                        "skip_reason": "Dependency not found on PyPI"}]}, 0, "ok",
     "dependency audit: 1 runtime packages checked, 0 with known vulnerabilities; no "
     "advisory data for nh3"),
    ({"dependencies": [{"name": "flask", "version": "3.1.3",
                        "skip_reason": "Dependency not found on PyPI"}]}, 0, "skipped",
     "dependency audit skipped: no advisory data for any of the 1 runtime packages"),
])
def test_the_report_decides(tmp_path, monkeypatch, report, code, status, expected):
    monkeypatch.setattr(audit_dependencies, "pip_audit_command",
                        lambda: fake_pip_audit(tmp_path, json.dumps(report), code=code))
    found, lines = audit_dependencies.audit({"flask": "3.1.3"})
    assert found == status
    assert any(line.startswith(expected) for line in lines), lines


def test_an_unreachable_database_is_a_skip_line(tmp_path, monkeypatch):
    monkeypatch.setattr(audit_dependencies, "pip_audit_command", lambda: fake_pip_audit(
        tmp_path, "", "ConnectionError: Failed to resolve 'pypi.org'\n", 1))
    assert audit_dependencies.audit({"flask": "3.1.3"}) == ("skipped", [
        "dependency audit skipped: the advisory database could not be reached "
        "(ConnectionError: Failed to resolve 'pypi.org')"])


def test_the_audited_set_is_what_production_installs():
    pins = audit_dependencies.runtime_closure()
    assert {"flask", "werkzeug", "jinja2", "gunicorn", "psycopg", "nh3", "argon2-cffi",
            "sqlalchemy"} <= set(pins)
    assert not {"pytest", "playwright", "hypothesis", "pip-audit"} & set(pins)
