"""Static asset URLs carrying a content hash, so they can be cached for a year."""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path

from flask import current_app, url_for


@lru_cache(maxsize=512)
def _digest(path: Path, mtime_ns: int) -> tuple[str, str]:
    data = path.read_bytes()
    short = hashlib.sha256(data).hexdigest()[:12]
    sri = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
    return short, sri


def path_digest(path: Path) -> tuple[str, str]:
    """(short content hash for ``?v=``, SRI hash) of a file, recomputed when it changes."""
    return _digest(path, path.stat().st_mtime_ns)


def file_digest(filename: str) -> tuple[str, str]:
    return path_digest(Path(current_app.static_folder) / filename)


def asset_url(filename: str, external: bool = False) -> str:
    short, _ = file_digest(filename)
    return url_for("static", filename=filename, v=short, _external=external)


def sri(filename: str) -> str:
    return file_digest(filename)[1]


def is_current_version(static_folder: str, filename: str, version: str) -> bool:
    """True when ``version`` (a ``?v=``) is the current hash of ``filename``: only such a
    URL may be cached for a year (an old or made-up hash gets the short caching)."""
    try:
        return path_digest(Path(static_folder) / filename)[0] == version
    except (OSError, ValueError):
        return False
