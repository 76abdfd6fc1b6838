"""Response headers that make every page safe by default.

Strict CSP everywhere (no unsafe-inline, no unsafe-eval); widget pages may be
framed only by their caller's origins; widget and API routes never set a cookie;
no page may use the camera, microphone, location or other powerful features
(Permissions-Policy); in production over https, browsers keep to https
(Strict-Transport-Security, HSTS_MAX_AGE). See docs/security.md.
"""
from __future__ import annotations

from flask import current_app, g, request

BASE_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
}

COOKIELESS_PREFIXES = ("/widgets/", "/api/", "/static/")

# Features no page of ours uses, refused to the page and to anything it frames. Only
# features Chromium and Firefox know (an unknown one is a console warning).
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
    "magnetometer", "microphone", "midi", "payment", "usb", "xr-spatial-tracking"))


def hsts_header() -> str | None:
    """``Strict-Transport-Security`` in production when the public URL is https."""
    config = current_app.config
    if (config["BFF_ENV"] != "production" or not config["HSTS_MAX_AGE"]
            or not (config.get("PUBLIC_URL") or "").startswith("https://")):
        return None
    return f"max-age={config['HSTS_MAX_AGE']}"


def csp_header(frame_ancestors: str) -> str:
    directives = dict(BASE_CSP, **{"frame-ancestors": frame_ancestors})
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def frame_ancestors_for(caller) -> str:
    if caller is None:
        return "'none'"
    # 'self': the BFF's own configurator previews the widgets of every caller (the demo
    # caller has no other origin in production).
    return " ".join(("'self'",) + tuple(caller.allowed_origins))


def apply_security_headers(response):
    headers = response.headers
    path = request.path
    if path.startswith("/widgets/"):
        ctx = g.get("ctx")
        headers["Content-Security-Policy"] = csp_header(
            frame_ancestors_for(ctx.caller if ctx else None))
        # Widgets are lent to other sites: let them be framed through CSP only.
        headers.pop("X-Frame-Options", None)
        headers.setdefault("Cross-Origin-Resource-Policy", "cross-origin")
    elif path.startswith("/static/"):
        headers.setdefault("Cross-Origin-Resource-Policy", "cross-origin")
        headers.setdefault("Access-Control-Allow-Origin", "*")
    elif path.startswith("/demo/"):
        # Demo host pages embed widgets from the widget origin: see bff/demo.py.
        headers.setdefault("Content-Security-Policy", csp_header("'self'"))
    else:
        headers.setdefault("Content-Security-Policy", csp_header("'none'"))
        headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    hsts = hsts_header()
    if hsts:
        headers.setdefault("Strict-Transport-Security", hsts)
    if path.startswith(COOKIELESS_PREFIXES):
        # Privacy by default: nothing on these routes may identify a candidate.
        headers.remove("Set-Cookie")
    return response
