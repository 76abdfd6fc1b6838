"""The integration kit for platform developers: configurator, embed metadata,
per-colour theme stylesheet, demo platform pages, CORS of the API and its OpenAPI
description. ``init_app`` wires it all into the app."""
from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("integration", __name__)


def init_app(app: Flask) -> None:
    from bff.integration.cors import apply_cors
    from bff.integration import configurator, demo_platforms, theme  # noqa: F401  (routes)

    from bff import openapi

    app.register_blueprint(bp)
    app.register_blueprint(openapi.bp)
    if "database" in app.extensions:
        from bff.callers import DatabaseCallerRegistry
        app.extensions["callers"] = DatabaseCallerRegistry(
            app.extensions["database"],
            refresh_seconds=app.config["CALLERS_REFRESH_SECONDS"],
            retry_seconds=app.config["CALLERS_RETRY_SECONDS"],
            production=app.config["BFF_ENV"] == "production")
    app.after_request(apply_cors)
