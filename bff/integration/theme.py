"""The per-colour stylesheet of widget pages (the theme itself is resolved with the
request context, ``bff.context``)."""
from __future__ import annotations

from flask import Response, abort, request

from bff.integration import bp
from bff.integration.theming import acceptable_primary, theme_stylesheet


@bp.get("/widgets/v1/theme.css")
def theme_css():
    primary = acceptable_primary(request.args.get("primary", ""))
    if primary is None:
        abort(404)
    response = Response(theme_stylesheet(primary), mimetype="text/css")
    # One URL per colour and its content never changes: cache it like a hashed asset.
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
