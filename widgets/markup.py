"""Turning admin-written text into safe HTML, or into plain text.

Plain texts are escaped. Formatted texts accept a small Markdown subset (paragraphs,
**bold**, *italic*, [links](https://...), bulleted and numbered lists) rendered by
markdown-it-py with raw HTML disabled, then sanitized by nh3 (ammonia) down to those
few tags: the sanitizer is the guarantee, the Markdown subset is only the syntax.
Links may only point to http(s) or mailto, open in a new tab, and carry
``rel="noopener noreferrer"``.

``render_text`` gives the same formatted text as plain text (the Markdown syntax read,
not shown; a link as "label (address)"), for JSON consumers that insert text, never HTML.
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


def render_text(value: str) -> str:
    """Markdown subset → plain text: paragraphs separated by a blank line, list items on
    their own lines ("- " or "1. "), emphasis dropped, a link as "label (address)" when
    its address is one the HTML would keep. Plain text is to be inserted as text."""
    blocks: list[str] = []
    lists: list[list] = []          # [ordered, next number] per open list
    item_prefix = ""
    for token in _markdown().parse(value):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1) if token.type == "ordered_list_open" else 0
            lists.append([token.type == "ordered_list_open", start])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists:
                blocks.append("")
        elif token.type == "list_item_open" and lists:
            ordered, number = lists[-1]
            item_prefix = "  " * (len(lists) - 1) + (f"{number}. " if ordered else "- ")
            lists[-1][1] += 1
        elif token.type == "inline":
            text = _inline_text(token.children or [])
            indent = " " * len(item_prefix) if item_prefix else "  " * len(lists)
            text = text.replace("\n", "\n" + indent)
            if item_prefix:
                blocks.append(item_prefix + text)
                item_prefix = ""
            else:
                blocks.append(indent + text)
        elif token.type == "paragraph_close" and not lists:
            blocks.append("")
    text = "\n".join(blocks).strip("\n")
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def _inline_text(children) -> str:
    out: list[str] = []
    href, label_start = None, 0
    for child in children:
        if child.type == "text":
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "link_open":
            href, label_start = child.attrGet("href") or "", len(out)
        elif child.type == "link_close":
            label = "".join(out[label_start:])
            if href and href.split(":", 1)[0].lower() in ALLOWED_SCHEMES and href != label:
                out.append(f" ({href.removeprefix('mailto:')})")
            href = None
    return "".join(out)
