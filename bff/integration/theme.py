"""Theme of widget pages: template context and the per-colour stylesheet."""
from __future__ import annotations

from flask import Response, abort, g, request, url_for

from bff.integration import bp
from bff.theming import acceptable_primary, resolve_theme, theme_stylesheet


def widget_theme_context() -> dict:
    """``scheme``, ``color_scheme`` and ``theme_stylesheet`` for widget_base.html."""
    if request.blueprint != "pages":
        return {}
    theme = resolve_theme(request.args, getattr(g, "caller", None))
    context = {"scheme": theme.scheme, "color_scheme": theme.color_scheme}
    if theme.primary:
        context["theme_stylesheet"] = url_for("integration.theme_css", primary=theme.primary)
    return context


@bp.get("/widgets/v1/theme.css")
def theme_css():
    primary = acceptable_primary(request.args.get("primary", ""))
    if primary is None:
        abort(404)
    response = Response(theme_stylesheet(primary), mimetype="text/css")
    # One URL per colour and its content never changes: cache it like a hashed asset.
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
