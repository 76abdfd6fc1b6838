"""Production concerns wired into every app: request ids and JSON access logs,
HTTP caching headers and early 413s, micro-cached widget pages, health probes (see docs/production.md)."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from bff import health, logs
    from bff.caching import http, page

    app.register_blueprint(health.bp)
    page.init_app(app)      # before http: pages are kept with their headers
    http.init_app(app)
    logs.init_app(app)
