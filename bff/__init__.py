"""The backend-for-frontend: widget pages, JSON API v1, admin, upstream clients.

``create_app()`` builds the app: the settings (``bff.settings``), the request context
(``bff.context``), one home per widget of the registry (``bff/<package>/routes.py``),
then the admin, the integration kit and the serving infrastructure.
"""
from __future__ import annotations

import importlib
import logging
import os
import secrets
import time
from pathlib import Path

from flask import Flask, jsonify, request
from jinja2 import ChoiceLoader, FileSystemLoader

import widgets
from bff import context, settings
from bff.assets import asset_url, sri
from bff.caching import cache
from bff.callers import CallerRegistry, seed_callers
from bff.security import apply_security_headers
from bff.texts import ContentStore
from widgets.registry import WIDGETS, load_texts

log = logging.getLogger("bff")
ROOT = widgets.PACKAGE_DIR.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: embedded defaults, then the environment, then ``test_config``."""
    app = Flask(__name__, static_folder=str(ROOT / "static"), static_url_path="/static")
    # The instance folder: BFF_INSTANCE_DIR, else Flask's own (instance/ next to the bff
    # package in a checkout), so the demo and the admin CLI find the same database
    # whatever the current directory.
    app.instance_path = str((test_config or {}).get("BFF_INSTANCE_DIR")
                            or settings.instance_dir(app.instance_path))
    # Validated: SettingsError names each wrong variable.
    app.config.update(settings.load(app.instance_path, test_config))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _embedded_secret_key(Path(app.instance_path))

    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(str(ROOT / "bff" / "templates")),
        FileSystemLoader(widgets.template_dirs()),
    ])
    app.jinja_env.globals.update(asset_url=asset_url, sri=sri, t=context.text)

    cache.init_app(app)
    app.extensions["callers"] = CallerRegistry(
        seed_callers(app.config["BFF_ENV"] == "production"))
    app.extensions["content_store"] = ContentStore()
    context.init_app(app)
    from bff import storage
    from bff.storage.store import install as install_content_store
    install_content_store(app, storage.init_app(app))

    load_texts()
    from bff import navigation, web  # noqa: F401 (navigation: the pages' way back)
    for spec in WIDGETS.values():
        importlib.import_module(f"bff.{spec.package}.routes")
    # The job market serves counts to the widgets and the API (GET /api/v1/market), not
    # a widget page of its own: its routes, loader and CLI are wired here.
    from bff import market
    market.init_app(app)
    from bff import providers
    providers.install(app)
    app.register_blueprint(web.pages)
    app.register_blueprint(web.api)
    from bff import demo
    app.register_blueprint(demo.bp)
    from bff import admin
    admin.init_app(app)
    from bff import integration
    integration.init_app(app)

    app.after_request(apply_security_headers)
    _trust_proxies(app)
    _refuse_untrusted_hosts(app)
    _register_errors(app)
    from bff import serving
    serving.init_app(app)
    return app


def _embedded_secret_key(instance: Path) -> str:
    """The embedded default's key, generated once and kept in the instance folder.

    Every worker and every restart must sign admin sessions and preview links with the
    same key; production sets SECRET_KEY instead (required when BFF_ENV=production).
    """
    path = instance / "secret_key"
    try:
        instance.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another worker may be writing it right now
            key = path.read_text().strip()
            if key:
                return key
            time.sleep(0.02)
        raise RuntimeError(f"{path} is empty: delete it to generate a new key")
    except OSError:
        # A read-only instance folder: sessions then last as long as the process.
        return secrets.token_hex(32)
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def _trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, the client address and scheme are the ones
    the last of them saw (X-Forwarded-For, X-Forwarded-Proto); with 0 nothing forwarded is
    believed. The Host header is never taken from X-Forwarded-Host: the proxy passes Host,
    and TRUSTED_HOSTS checks it."""
    count = app.config["TRUSTED_PROXIES"]
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=0,
                                x_port=0, x_prefix=0)


def _refuse_untrusted_hosts(app: Flask) -> None:
    """A Host outside TRUSTED_HOSTS makes Flask record a 400 for the request; answer it
    before any before_request function (request context, page micro-cache) runs."""
    from werkzeug.exceptions import SecurityError

    message = "Ce service ne répond pas à ce nom d'hôte."

    def refuse():
        if not isinstance(request.routing_exception, SecurityError):
            return None
        # A fixed message (the refused name is not echoed back), and never stored by a
        # cache: a shared cache keyed without the Host must not serve it to others.
        if request.path.startswith("/api/"):
            response = jsonify({"error": {"code": "bad_request", "message": message}})
        else:
            response = app.response_class(message, mimetype="text/plain")
        response.status_code = 400
        response.headers["Cache-Control"] = "no-store"
        return response

    app.before_request_funcs.setdefault(None, []).insert(0, refuse)


def _register_errors(app: Flask) -> None:
    from werkzeug.exceptions import HTTPException

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if request.path.startswith("/api/"):
            # Keep the error's own headers (Allow on 405, Retry-After...): RFC 9110.
            kept = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
            return jsonify({"error": {"code": error.name.lower().replace(" ", "_"),
                                      "message": error.description}}), error.code, kept
        return error

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        # A bug, never the client's fault: log it with no query string (it may hold
        # a month of birth) and answer something the widget can show.
        log.exception("unhandled error on %s %s", request.method, request.path)
        if request.path.startswith("/api/"):
            return jsonify({"error": {"code": "internal_error",
                                      "message": "Erreur interne du service."}}), 500
        return "Le service est momentanément indisponible.", 500
