"""Helpers of the integration-kit tests: host pages as a platform writes them, events."""
from __future__ import annotations

import json

# Installed before any page script: records every apprentissage:* event that bubbles to
# the document, with its target's data-apprentissage-widget and a copy of its detail.
EVENT_RECORDER = """
window.__events = [];
["ready", "resize", "search", "result-click", "error"].forEach(function (name) {
  document.addEventListener("apprentissage:" + name, function (event) {
    window.__events.push({ type: event.type, id: event.target.id,
                           detail: JSON.parse(JSON.stringify(event.detail)) });
  });
});
"""


def strict_csp(bff_url: str) -> str:
    """A host CSP as docs/integration.md advises: our origin for scripts and frames only."""
    return ("default-src 'none'; "
            f"script-src {bff_url}; frame-src {bff_url}; connect-src {bff_url}; "
            "style-src 'none'; img-src 'none'; base-uri 'none'; object-src 'none'")


def host_html(embed: dict, placeholders: str, *, integrity: str | None = None,
              filler: str = "") -> str:
    return f"""<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Plateforme de test</title>
<script src="{embed['url']}" integrity="{integrity or embed['integrity']}" crossorigin="anonymous" defer></script>
</head><body><h1>Mes vœux</h1>{placeholders}{filler}</body></html>"""


def placeholder(widget: str, id_: str, caller: str = "demo", **attrs) -> str:
    data = "".join(f' data-{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return (f'<div id="{id_}" data-apprentissage-widget="{widget}" data-caller="{caller}"{data}>'
            f'<a href="#">Lien de repli</a></div>')


def events(page, type_=None, id_=None) -> list[dict]:
    recorded = page.evaluate("window.__events")
    return [e for e in recorded
            if (type_ is None or e["type"] == "apprentissage:" + type_)
            and (id_ is None or e["id"] == id_)]


def console_of(page, kind: str) -> list[str]:
    return [m.text for m in page.console_messages if m.type == kind]


def dump(page) -> str:
    return json.dumps({"console": [(m.type, m.text) for m in page.console_messages],
                       "events": page.evaluate("window.__events || []")}, ensure_ascii=False)[:4000]


def wait_event(page, type_: str, id_: str | None = None, timeout: float = 15.0) -> dict:
    """The first recorded event of that type (and target), polling from Python: the host's
    strict CSP forbids the eval that page.wait_for_function would need."""
    import time
    deadline = time.monotonic() + timeout
    while True:
        found = events(page, type_, id_)
        if found:
            return found[0]
        if time.monotonic() > deadline:
            raise AssertionError(f"no apprentissage:{type_} event for {id_}: {dump(page)}")
        page.wait_for_timeout(100)
