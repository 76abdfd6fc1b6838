"""The table of widgets in static/js/embed.js, written from the widget registry.

embed.js is a static file (hashed URL, SRI), so its table is generated at build time by
``tools/build_embed.py`` between two marker lines, and a test checks that the file is
in step with ``widgets.registry`` and the contract's common attributes.
"""
from __future__ import annotations

import json
import re

from bff.integration.contract import COMMON
from widgets.registry import WIDGETS

BEGIN = "  // widgets:begin (generated from widgets/registry.py by tools/build_embed.py)"
END = "  // widgets:end"
BLOCK = re.compile(re.escape(BEGIN) + r"\n(?:.*?\n)?" + re.escape(END), re.DOTALL)


def table() -> str:
    """The generated lines, markers included."""
    common = "".join(" " + a.dataset_key for a in COMMON)
    lines = [BEGIN, f"  var COMMON = {json.dumps(common)};",
             "  // [iframe title, fallback link text, known data-* attributes (dataset names)]",
             "  var WIDGETS = {"]
    entries = []
    for name, spec in WIDGETS.items():
        known = " ".join(a.dataset_key for a in spec.attributes)
        entries.append(f"    {json.dumps(name)}: [{json.dumps(spec.title, ensure_ascii=False)}, "
                       f"{json.dumps(spec.link_text, ensure_ascii=False)},\n"
                       f"      {json.dumps(known)}]")
    lines.append(",\n".join(entries))
    lines += ["  };", END]
    return "\n".join(lines)


def with_table(source: str) -> str:
    """``source`` (embed.js) with its generated block replaced by the current one."""
    if not BLOCK.search(source):
        raise ValueError("embed.js has no generated widgets block (markers missing)")
    return BLOCK.sub(lambda _: table(), source, count=1)
