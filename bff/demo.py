"""Demo host pages: what a platform's page looks like with the widgets embedded.

They are served from another origin than the widgets (``localhost`` vs
``127.0.0.1`` on one machine) so the demo exercises real cross-origin embedding.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, render_template, request

from bff.assets import asset_url, sri

bp = Blueprint("demo", __name__, url_prefix="/demo")


def widget_origin() -> str:
    """Origin the widgets are served from, as browsers see it."""
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        parts = urlsplit(configured)
        return f"{parts.scheme}://{parts.netloc}"
    parts = urlsplit(request.host_url)
    host, _, port = parts.netloc.partition(":")
    swapped = {"localhost": "127.0.0.1", "127.0.0.1": "localhost"}.get(host, host)
    return f"{parts.scheme}://{swapped}{':' + port if port else ''}"


def host_page(template: str, **context):
    origin = widget_origin()
    embed_src = origin + asset_url("js/embed.js")
    html = render_template(template, embed_src=embed_src, embed_sri=sri("js/embed.js"),
                           widget_origin=origin, **context)
    csp = ("default-src 'self'; "
           f"script-src 'self' {origin}; style-src 'self'; img-src 'self' data:; "
           f"frame-src {origin}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
           "frame-ancestors 'self'")
    return html, 200, {"Content-Security-Policy": csp}


@bp.get("/")
def index():
    return host_page("demo/index.html")
