"""CORS of the JSON API: the same origins as the widgets' frame-ancestors.

A browser page may read the API only when its origin is registered for a caller
(the one named by ``?caller=``, else any caller); an unknown caller is refused with a
400 that no origin may read (``bff.context``). The allowed origin is echoed,
never ``*``, and ``Vary: Origin`` keeps shared caches from mixing answers.
"""
from __future__ import annotations

import re
from functools import lru_cache

from flask import current_app, g, request

# Same grammar as CSP host-sources: scheme://host[:port], "*" as the port or as the
# leftmost label (https://*.example.fr).
_SOURCE = re.compile(r"(?P<scheme>https?)://(?P<host>(\*\.)?[A-Za-z0-9.-]+)(:(?P<port>[0-9]{1,5}|\*))?")


CORS_HEADERS = ("Access-Control-Allow-Origin", "Access-Control-Allow-Methods",
                "Access-Control-Allow-Headers", "Access-Control-Max-Age")


@lru_cache(maxsize=512)
def _pattern(source: str) -> re.Pattern | None:
    match = _SOURCE.fullmatch(source)
    if not match:
        return None
    host = re.escape(match["host"].lower()).replace(r"\*\.", r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.")
    port = match["port"]
    port_re = r"(:[0-9]{1,5})?" if port == "*" else (f":{port}" if port else "")
    return re.compile(f"{match['scheme']}://{host}{port_re}", re.IGNORECASE)


def is_host_source(value: str) -> bool:
    """Is ``value`` an origin pattern we accept for a partner (``https://x.fr``, ``http://localhost:*``)?"""
    return bool(_SOURCE.fullmatch(value))


def origin_allowed(origin: str, sources) -> bool:
    """Does ``origin`` (``scheme://host[:port]``) match one of the CSP-style ``sources``?"""
    for source in sources:
        pattern = _pattern(source)
        if pattern and pattern.fullmatch(origin):
            return True
    return False


def allowed_origins_for_request() -> tuple[str, ...]:
    ctx = g.get("ctx")
    if ctx is None:
        # The caller was refused (unknown): no origin may read the answer.
        return ()
    # ALLOWED_ORIGINS (environment, see bff.settings): origins allowed whatever the caller.
    extra = tuple(current_app.config["ALLOWED_ORIGINS"] or ())
    if ctx.caller is not None:
        return ctx.origins + extra
    registry = current_app.extensions["callers"]
    return tuple(o for c in registry.all() for o in c.allowed_origins) + extra


def apply_cors(response):
    if not request.path.startswith("/api/"):
        return response
    response.vary.add("Origin")
    # An answer replayed from a cache may carry the headers made for another origin.
    for name in CORS_HEADERS:
        response.headers.pop(name, None)
    origin = request.headers.get("Origin")
    if origin and origin_allowed(origin, allowed_origins_for_request()):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "GET, OPTIONS"
        response.headers["Access-Control-Max-Age"] = "600"
        requested = request.headers.get("Access-Control-Request-Headers")
        if requested:
            response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
    return response
