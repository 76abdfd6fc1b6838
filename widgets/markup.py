"""Turning admin-written text into safe HTML.

Plain texts are escaped. Formatted texts accept a small Markdown subset (paragraphs,
**bold**, *italic*, [links](https://...), bulleted and numbered lists) rendered by
markdown-it-py with raw HTML disabled, then sanitized by nh3 (ammonia) down to those
few tags: the sanitizer is the guarantee, the Markdown subset is only the syntax.
Links may only point to http(s) or mailto, open in a new tab, and carry
``rel="noopener noreferrer"``.
"""
from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

ALLOWED_TAGS = {"p", "strong", "em", "a", "ul", "ol", "li", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
NEW_WINDOW = " - nouvelle fenêtre"


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "link", "list", "newline"])

    def link_open(renderer, tokens, idx, options, env):
        # RGAA 13.2: a link opening a new window says so; the title repeats its text.
        end = next((i for i in range(idx + 1, len(tokens)) if tokens[i].type == "link_close"),
                   len(tokens))
        label = "".join(t.content for t in tokens[idx + 1:end] if t.type == "text")
        tokens[idx].attrSet("title", (label or tokens[idx].attrGet("href") or "") + NEW_WINDOW)
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    return md


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=ALLOWED_SCHEMES, link_rel="noopener noreferrer",
                     set_tag_attribute_values={"a": {"target": "_blank"}},
                     strip_comments=True)


def render_plain(value: str) -> Markup:
    return Markup(escape(value))


def render_formatted(value: str) -> Markup:
    """Markdown subset → HTML that cannot run script, whatever ``value`` holds."""
    html = _markdown().render(value)
    return Markup(sanitize(html).strip())
