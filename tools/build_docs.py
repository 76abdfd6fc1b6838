"""Write the generated parts of docs/ from the code that holds the facts.

- docs/production.md: the table of environment variables, from ``bff.settings.VARIABLES``;
- docs/integration.md: the current loader URL and its SRI hash, from static/js/embed.js.

    python tools/build_docs.py          # rewrite the generated blocks
    python tools/build_docs.py --check  # exit 1 when a page is out of step (a test runs it)
"""
from __future__ import annotations

import base64
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bff import settings  # noqa: E402


def _block(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- {name}:begin[^\n]*-->\n).*?(<!-- {name}:end -->)", re.DOTALL)


def settings_table() -> str:
    rows = ["| variable | production | meaning |", "|---|---|---|"]
    for name, doc, required in settings.describe():
        rows.append(f"| `{name}` | {'**yes**' if required else ''} | {doc} |")
    return "\n".join(rows) + "\n"


def loader_lines() -> str:
    data = (ROOT / "static" / "js" / "embed.js").read_bytes()
    short = hashlib.sha256(data).hexdigest()[:12]
    integrity = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
    return (f"Current loader: `/static/js/embed.js?v={short}` with\n"
            f'`integrity="{integrity}"`.\n')


PAGES = {
    ROOT / "docs" / "production.md": ("settings", settings_table),
    ROOT / "docs" / "integration.md": ("loader", loader_lines),
}


def rendered(path: Path) -> str:
    name, make = PAGES[path]
    text = path.read_text(encoding="utf-8")
    pattern = _block(name)
    if not pattern.search(text):
        raise ValueError(f"{path.relative_to(ROOT)} has no <!-- {name}:begin --> block")
    return pattern.sub(lambda m: m.group(1) + make() + m.group(2), text, count=1)


def main(argv: list[str]) -> int:
    stale = []
    for path in PAGES:
        wanted = rendered(path)
        if wanted != path.read_text(encoding="utf-8"):
            stale.append(str(path.relative_to(ROOT)))
            if "--check" not in argv:
                path.write_text(wanted, encoding="utf-8")
    if stale and "--check" in argv:
        print("out of step: " + ", ".join(stale) + " (run python tools/build_docs.py)",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
