"""Which text a widget shows: caller override, then all-callers override, then default.

``ContentStore`` is the seam with storage: the default one knows no override,
so a fresh install shows the defaults written in the widget code. The admin
(issue 5) installs a database-backed store with a version stamp.
"""
from __future__ import annotations

from flask import current_app, g
from markupsafe import Markup

from widgets.markup import render_formatted, render_plain
from widgets.texts import TEXTS, fill

ALL_CALLERS = None


class ContentStore:
    """Published content; every method answers from what is published only."""

    def text_override(self, key: str, caller: str | None) -> str | None:
        return None

    def calendar_override(self, platform: str, campaign: str) -> dict | None:
        return None

    def version(self) -> str:
        """A stamp that changes whenever published content changes (for ETags)."""
        return "defaults"


def store() -> ContentStore:
    return current_app.extensions["content_store"]


def text_value(key: str, caller: str | None) -> str:
    definition = TEXTS[key]
    content = store()
    for scope in ((caller, ALL_CALLERS) if caller else (ALL_CALLERS,)):
        value = content.text_override(key, scope)
        if value is not None:
            return value
    return definition.default


def text(key: str, caller: str | None = None, **context) -> Markup:
    """The rendered text ``key`` for ``caller`` (default: the request's caller)."""
    if caller is None:
        caller = getattr(g, "caller_name", None)
    definition = TEXTS[key]
    value = fill(text_value(key, caller), context)
    return render_formatted(value) if definition.formatted else render_plain(value)
