"""Widget pages, made to live in an iframe: one module per widget on this blueprint.

Every widget page needs a registered ``caller``; ``host_origin`` (the embedding
page's origin, sent by embed.js) is where the frame script posts its messages.
"""
from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, g, render_template, request

bp = Blueprint("pages", __name__, url_prefix="/widgets/v1")

ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$")


def host_origin() -> str | None:
    value = request.args.get("host_origin", "")
    return value if ORIGIN.match(value) else None


@bp.url_value_preprocessor
def identify_caller(endpoint, values):
    name = request.args.get("caller", "").strip().lower()
    g.caller_name = name or None
    g.caller = current_app.extensions["callers"].get(name)


def require_caller():
    """Answer 400 with a French page when the caller is missing or unknown."""
    if g.caller is None:
        message = ("Le paramètre « caller » est obligatoire : il indique la plateforme qui "
                   "intègre ce module (par exemple parcoursup ou affelnet)."
                   if not g.caller_name else
                   f"La plateforme « {g.caller_name} » n'est pas enregistrée.")
        abort(render_page_error(message, 400))
    return g.caller


def render_page_error(message: str, status: int):
    from flask import make_response
    return make_response(render_template("widget_error.html", message=message), status)


from bff.pages import pay, calendar, offers, guide  # noqa: E402,F401
