"""Origin patterns that name this machine: the demo's localhost origins, allowed to embed
the widgets in development and refused in production (docs/security.md)."""
from __future__ import annotations

import re

LOOPBACK_SOURCE = re.compile(
    r"https?://(localhost|[a-z0-9.-]*\.localhost|127(\.[0-9]{1,3}){3}|\[::1\])"
    r"(:([0-9]{1,5}|\*))?", re.IGNORECASE)


def is_loopback_source(source: str) -> bool:
    """Does the origin pattern ``source`` name this machine (localhost, 127.x, [::1])?"""
    return bool(LOOPBACK_SOURCE.fullmatch(source.strip()))


def without_loopback(origins) -> tuple[str, ...]:
    return tuple(o for o in origins if not is_loopback_source(o))
