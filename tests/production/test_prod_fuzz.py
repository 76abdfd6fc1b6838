"""Bad input never yields a 5xx: schemathesis over the whole OpenAPI (at least 5,000
requests, every answer checked against the documented schema) and hypothesis over the
widget pages' query strings."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

from production_helpers import migrated_sqlite

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MIN_REQUESTS = 5000
MAX_SECONDS = 150
# The schemathesis command installed beside this Python (the checkout's .venv/bin), then PATH.
SCHEMATHESIS = shutil.which("schemathesis", path=os.pathsep.join(
    [str(Path(sys.executable).parent), os.environ.get("PATH", "")])) or "schemathesis"

# Every parameter a widget page reads (any page may get any of them from a host).
PARAMETERS = ["caller", "host_origin", "birth_month", "contract_start", "duration_months",
              "signed_on", "conventional_minimum", "starts_in_year", "offered_gross",
              "territory", "platform", "campaign", "formation_start", "academie", "romes",
              "rncp", "cfd", "insee", "postcode", "latitude", "longitude", "radius",
              "diploma_level", "page", "q", "cle_ministere_educatif", "theme", "lang",
              "preview", "back", "view", "uai", "formation_label", "fragment", "today"]
CALLERS = ["parcoursup", "affelnet", "demo", "", "PARCOURSUP", "inconnu"]


# Two CLI processes of one thread each, on halves of the API: both cores work, and
# hypothesis is never run from several threads of one process (it is not thread-safe).
# Schemathesis' coverage phase keeps generating boundary cases whatever --max-examples
# says, so the time cap decides how many requests are sent: on a quiet machine (CI) the
# two halves send about 10,000 in MAX_SECONDS; at least MIN_REQUESTS are required.
HALVES = r"^/api/v1/(pay-simulation|trades|ping|openapi\.json)$"


def test_schemathesis_finds_no_server_error_and_no_schema_violation(gunicorn, tmp_path):
    server = gunicorn({"ACCESS_LOG": "0", "LOG_LEVEL": "WARNING",
                       "DATABASE_URL": migrated_sqlite(tmp_path)}, workers=2, threads=4)
    runs = []
    for half, selection in enumerate(("--include-path-regex", "--exclude-path-regex")):
        har = tmp_path / f"schemathesis-{half}.har"
        command = [SCHEMATHESIS,
                   "--config-file", str(Path(__file__).with_name("schemathesis.toml")), "run",
                   f"{server.url}/api/v1/openapi.json", selection, HALVES,
                   # Every check but positive_data_acceptance: a well-formed ROME code or
                   # year can still be unknown to us, and a 400 is then the right answer.
                   "--checks", "all", "--exclude-checks", "positive_data_acceptance",
                   "--continue-on-failure", "--no-shrink", "--max-examples", "300",
                   "--workers", "1", "--seed", "20260601", "--max-time", str(MAX_SECONDS),
                   "--request-timeout", "10", "--no-color",
                   "--report", "har", "--report-har-path", str(har)]
        runs.append((har, subprocess.Popen(command, stdout=subprocess.PIPE,
                                           stderr=subprocess.STDOUT, text=True)))
    entries, summaries, codes = [], [], []
    for har, process in runs:
        output = process.communicate(timeout=MAX_SECONDS + 240)[0]
        summaries.append(failures_in(output) or output[-4000:])
        codes.append(process.returncode)
        entries += json.loads(har.read_text())["log"]["entries"]
    summary = "\n".join(summaries)
    server_errors = [(e["request"]["method"], e["request"]["url"]) for e in entries
                     if e["response"]["status"] >= 500]
    assert server_errors == [], server_errors[:10]
    print(f"schemathesis: {len(entries)} requests")
    assert len(entries) >= MIN_REQUESTS, f"{len(entries)} requests\n{summary}"
    assert codes == [0, 0], summary
    operations = {e["request"]["url"].split("?")[0].rsplit("/api/v1/", 1)[1] for e in entries}
    assert {"pay-simulation", "offers", "ping", "trades"} <= operations


def failures_in(output: str) -> str:
    """The failing operations, checks and reproducing commands, out of the CLI's report."""
    wanted = re.compile(r"^(_{3,} .* _{3,}|- ST\d+ .*|\s+Invalid component: .*|\s+curl .*|"
                        r"\s+Test cases:|\s+\d+ generated.*)$")
    return "\n".join(line.strip() for line in output.splitlines() if wanted.match(line))


query_values = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["0", "-1", "1e309", "NaN", "2007-02", "2007-13", "2026-02-30", "75056",
                     "A1414,M1607", "../../etc/passwd", "<script>x</script>", "%00",
                     "http://evil.example", "9" * 400, "now", "market",
                     "/widgets/v1/wish-summary?caller=parcoursup&romes=F1603",
                     "//evil.example/widgets/v1/wish-summary"]),
)
queries = st.dictionaries(st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=10)),
                          query_values, max_size=8)


def widget_pages(app) -> list[str]:
    return sorted(rule.rule for rule in app.url_map.iter_rules()
                  if rule.rule.startswith("/widgets/v1/") and "<" not in rule.rule)


def test_widget_pages_survive_any_query_string(app):
    client = app.test_client()
    pages = widget_pages(app)
    assert len(pages) >= 4

    @settings(max_examples=300, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(page=st.sampled_from(pages), caller=st.sampled_from(CALLERS), query=queries)
    def page_answers(page, caller, query):
        response = client.get(f"{page}?{urlencode(dict(query, caller=caller))}")
        assert response.status_code < 500, (page, query, response.status_code)
        assert "Set-Cookie" not in response.headers

    page_answers()


def test_widget_pages_survive_raw_query_bytes(app):
    client = app.test_client()
    pages = widget_pages(app)

    @settings(max_examples=150, deadline=None, derandomize=True)
    @given(page=st.sampled_from(pages), raw=st.binary(max_size=200))
    def page_answers(page, raw):
        # Percent-encoded arbitrary bytes: invalid UTF-8, NULs, repeated and empty names.
        response = client.get(f"{page}?caller=parcoursup&{quote(raw, safe='=&;')}")
        assert response.status_code < 500, (page, raw, response.status_code)

    page_answers()
