"""Write the brotli (.br) and gzip (.gz) copies of every text file of static/.

    python tools/compress_static.py     # at build time, after tools/build_css.py

Only missing or stale copies are written (a copy carries its file's modification time).
The app does the same check when it starts (bff/static_files.py), so this step saves the
first start the work (about a second on 2 cores), it is not needed for correctness.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bff.static_files import precompress  # noqa: E402


def main() -> int:
    started = time.perf_counter()
    written = precompress(ROOT / "static")
    for path in written:
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} B")
    print(f"{len(written)} compressed copies written in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
