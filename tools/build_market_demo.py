"""Build widgets/market/data/demo-export.json.gz: the bundled DEMONSTRATION export.

    python3 tools/build_market_demo.py

Deterministic (seeded generator, fixed gzip header): rebuilding gives the same bytes.
The items are made up (see widgets/market/synthetic.py); the data folder's SOURCES.md
says where the communes and trades they are spread over come from.
"""
from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from widgets.market.synthetic import synthetic_export  # noqa: E402

OFFERS, RECRUITERS, SEED = 2500, 1500, 2026
TARGET = ROOT / "widgets" / "market" / "data" / "demo-export.json.gz"


def main() -> None:
    items = synthetic_export(OFFERS, RECRUITERS, SEED)
    raw = json.dumps(items, ensure_ascii=False, separators=(",", ":")).encode()
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0,
                       filename="") as handle:
        handle.write(raw)
    TARGET.write_bytes(buffer.getvalue())
    print(f"{TARGET.relative_to(ROOT)}: {len(items)} items ({OFFERS} offers, {RECRUITERS} "
          f"recruiters), {len(raw) / 1e6:.1f} MB raw, {TARGET.stat().st_size / 1e3:.0f} kB gzip")


if __name__ == "__main__":
    main()
