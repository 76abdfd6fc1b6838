"""Static asset URLs carrying a content hash, so they can be cached for a year."""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path

from flask import current_app, url_for


@lru_cache(maxsize=256)
def _digest(path: Path, mtime: float) -> tuple[str, str]:
    data = path.read_bytes()
    short = hashlib.sha256(data).hexdigest()[:12]
    sri = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
    return short, sri


def file_digest(filename: str) -> tuple[str, str]:
    path = Path(current_app.static_folder) / filename
    return _digest(path, path.stat().st_mtime)


def asset_url(filename: str, external: bool = False) -> str:
    short, _ = file_digest(filename)
    return url_for("static", filename=filename, v=short, _external=external)


def sri(filename: str) -> str:
    return file_digest(filename)[1]
