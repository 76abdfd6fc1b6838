"""HTTP caching headers, so a reverse proxy or CDN absorbs most widget loads.

A widget page or GET API answer depends only on its URL and on published
content, so it is ``public``: shared caches may keep it ``HTTP_MAX_AGE``
seconds, serve it stale while revalidating, and keep serving it if we fail.
Its ETag hashes the body together with the content store's version, so a
publish changes it and a revalidation answers 304 with no body. The ETag is
computed on the plain body; compression (``bff.compression``) then gives it a
suffix per content coding and adds ``Vary: Accept-Encoding``. Nothing varies
with cookies or languages (the CORS layer adds ``Vary: Origin`` where it
reflects the origin). Health probes, errors and the admin are never stored.
"""
from __future__ import annotations

import hashlib

from flask import current_app, request

from bff.assets import is_current_version
from bff.static_files import UNVERSIONED_CACHE_CONTROL, VERSIONED_CACHE_CONTROL

CACHEABLE_PREFIXES = ("/widgets/", "/api/")
CACHEABLE_STATUSES = {200, 203, 300, 301, 404, 410}
# Statuses a shared cache may briefly keep: the same URL gets the same answer.
BRIEFLY_CACHEABLE = {400, 404}
NEVER_STORED_PREFIXES = ("/admin", "/healthz", "/readyz")


def content_version() -> str:
    """The published content's version; a failing store must not fail the page."""
    try:
        return str(current_app.extensions["content_store"].version())
    except Exception:  # the store reads the database; its own fallback is the defaults
        return "unknown"


def etag_for(body: bytes, version: str) -> str:
    digest = hashlib.blake2b(body, digest_size=12, key=version.encode()[:64]).hexdigest()
    return digest


def shared_cache_control(max_age: int) -> str:
    return (f"public, max-age={max_age}, stale-while-revalidate={max_age}, "
            "stale-if-error=86400")


def apply_http_caching(response):
    path = request.path
    if path.startswith(NEVER_STORED_PREFIXES):
        response.headers.setdefault("Cache-Control", "no-store")
        return response
    if path.startswith("/static/"):
        # Files WhiteNoise did not index at start (bff.static_files) reach Flask's route:
        # the same rule, a year only for the current hash.
        if response.status_code in (200, 304):
            version = request.args.get("v")
            filename = path[len("/static/"):]
            response.headers["Cache-Control"] = (
                VERSIONED_CACHE_CONTROL
                if version and is_current_version(current_app.static_folder, filename, version)
                else UNVERSIONED_CACHE_CONTROL)
        return response
    if not path.startswith(CACHEABLE_PREFIXES):
        return response
    _drop_cookie_vary(response)
    if request.method not in ("GET", "HEAD"):
        response.headers.setdefault("Cache-Control", "no-store")
        return response
    status = response.status_code
    max_age = current_app.config["HTTP_MAX_AGE"]
    if status in BRIEFLY_CACHEABLE:
        response.headers.setdefault("Cache-Control", f"public, max-age={min(max_age, 60)}")
        return response
    if status not in CACHEABLE_STATUSES:
        response.headers["Cache-Control"] = "no-store"
        return response
    response.headers.setdefault("Cache-Control", shared_cache_control(max_age))
    if response.direct_passthrough or response.is_streamed:
        return response
    if "no-store" not in response.headers["Cache-Control"]:
        if not response.get_etag()[0]:
            response.set_etag(etag_for(response.get_data(), content_version()))
        response.make_conditional(request)
    return response


def _drop_cookie_vary(response):
    # Flask adds "Vary: Cookie" when a view touches the session; these routes ignore
    # cookies (security strips them), and a Cookie Vary would defeat shared caches.
    values = [v for v in response.vary if v.lower() != "cookie"]
    if len(values) != len(response.vary):
        response.vary.clear()
        response.vary.update(values)
        if not values:
            response.headers.pop("Vary", None)


def reject_oversize_body():
    """413 before a view runs when the declared body exceeds MAX_CONTENT_LENGTH."""
    from flask import abort

    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and request.content_length and request.content_length > limit:
        abort(413)


def init_app(app) -> None:
    app.before_request(reject_oversize_body)
    app.after_request(apply_http_caching)
