"""Turning admin-written text into safe HTML.

Plain texts are escaped. Formatted texts accept a small Markdown subset; the
admin work (issue 5) renders that subset then sanitizes the HTML with nh3.
"""
from __future__ import annotations

from markupsafe import Markup, escape


def render_plain(value: str) -> Markup:
    return Markup(escape(value))


def render_formatted(value: str) -> Markup:
    paragraphs = [p.strip() for p in value.split("\n\n") if p.strip()]
    return Markup("".join(f"<p>{escape(p)}</p>" for p in paragraphs))
