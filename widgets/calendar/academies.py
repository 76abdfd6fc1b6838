"""Académie numbers as the ministry numbers them (``01`` Paris … ``70`` Normandie)."""
from __future__ import annotations

import json

from widgets import PACKAGE_DIR

_DATA = json.loads((PACKAGE_DIR / "calendar" / "data" / "academies.json").read_text("utf-8"))
ACADEMIES: dict[str, str] = _DATA["academies"]


def academie_code(value: str) -> str | None:
    """The canonical two-digit code for ``value`` (``"1"`` or ``"01"``), or None if unknown."""
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 2:
        return None
    code = value.zfill(2)
    return code if code in ACADEMIES else None
