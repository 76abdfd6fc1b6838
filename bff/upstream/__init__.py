"""Clients of the APIs we depend on, each with its own resilience policy."""
from __future__ import annotations

import threading
from typing import Callable, TypeVar

from flask import Flask, current_app

T = TypeVar("T")
_build_lock = threading.Lock()


def per_app(name: str, build: Callable[[Flask], T], app: Flask | None = None) -> T:
    """The app's ``name`` service, built by ``build(app)`` on first use: one HTTP session,
    rate limiter and breaker per process and app, shared by its threads."""
    app = app or current_app._get_current_object()
    service = app.extensions.get(name)
    if service is None:
        with _build_lock:
            service = app.extensions.get(name)
            if service is None:
                service = app.extensions[name] = build(app)
    return service
