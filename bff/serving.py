"""Production concerns wired into every app: request ids and JSON access logs,
HTTP caching headers and early 413s, compression, precompressed static files, micro-cached
widget pages, health probes (see docs/production.md)."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from bff import compression, health, logs, static_files
    from bff.caching import http, page

    app.register_blueprint(health.bp)
    # after_request steps run in reverse order: HTTP caching headers and ETag on the
    # plain body, then compression, then the micro-cache keeps the compressed answer.
    page.init_app(app)
    compression.init_app(app)
    http.init_app(app)
    static_files.init_app(app)   # WSGI middleware, inside the request log
    logs.init_app(app)
