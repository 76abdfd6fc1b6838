"""Write the widgets table of static/js/embed.js from the widget registry.

    python tools/build_embed.py          # rewrite the block between its markers
    python tools/build_embed.py --check  # exit 1 when the file is out of step
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bff.integration.embed_table import with_table  # noqa: E402

EMBED_JS = ROOT / "static" / "js" / "embed.js"


def main(argv: list[str]) -> int:
    current = EMBED_JS.read_text(encoding="utf-8")
    wanted = with_table(current)
    if "--check" in argv:
        if wanted != current:
            print("static/js/embed.js is out of step with widgets/registry.py: "
                  "run python tools/build_embed.py", file=sys.stderr)
            return 1
        return 0
    if wanted != current:
        EMBED_JS.write_text(wanted, encoding="utf-8")
        print("static/js/embed.js: widgets table rewritten")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
