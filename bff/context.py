"""The request context: who embeds the widget and how it must look and read, resolved
once per request, for widget pages and the JSON API alike.

``resolve()`` runs before anything else on /widgets/ and /api/ requests (before the
page micro-cache answers) and leaves a ``RequestContext`` in ``g.ctx``:

- ``caller``: the registered partner named by ``?caller=`` (``parse_caller`` is the one
  place a caller name is read and cleaned). An unknown caller is refused with 400
  everywhere, with one French message; a missing caller is refused by widget pages
  (``require_caller``) and allowed on the API.
- ``platform``: the wish's platform, ``parcoursup`` or ``affelnet``: the ``platform``
  parameter when it names one, else the caller's own platform.
- ``origins``: the origins allowed to frame the pages and read the API (CSP
  ``frame-ancestors``, CORS).
- ``theme``: light, dark or system, and a primary colour.
- ``host_origin``: the embedding page's origin, where the frame script posts messages.
- ``texts``: the text lookup for this caller and platform (``bff.texts``).
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from flask import abort, current_app, g, jsonify, make_response, render_template, request
from markupsafe import Markup

from bff.callers import CALLER_NAME, Caller
from bff.integration.theming import Theme, resolve_theme
from bff.texts import TextLookup

PLATFORMS = ("parcoursup", "affelnet")
ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")
CONTEXT_PREFIXES = ("/widgets/", "/api/")

MISSING_CALLER = ("Le paramètre « caller » est obligatoire : il indique la plateforme qui "
                  "intègre ce module (par exemple parcoursup ou affelnet).")


def unknown_caller_message(name: str) -> str:
    return (f"La plateforme « {name[:40]} » n'est pas enregistrée : vérifiez le paramètre "
            "« caller » (l'attribut data-caller du module).")


class CallerError(ValueError):
    """The ``caller`` parameter names no registered partner; ``message`` is French."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_caller(raw: str | None, registry) -> Caller | None:
    """The one reading of ``caller``: blanks around it ignored, case-insensitive.

    Returns None when it is absent or blank; raises ``CallerError`` when it names no
    registered partner.
    """
    name = (raw or "").strip(" \t\r\n").lower()
    if not name:
        return None
    caller = registry.get(name) if CALLER_NAME.fullmatch(name) else None
    if caller is None:
        raise CallerError(unknown_caller_message(name))
    return caller


def parse_platform(raw: str | None) -> str | None:
    """``platform`` when it names a platform; anything else is left to the widget's own
    parameter schema, which answers with its French message."""
    value = (raw or "").strip(" \t\r\n").lower()
    return value if value in PLATFORMS else None


def parse_host_origin(raw: str | None) -> str | None:
    value = raw or ""
    return value if ORIGIN.fullmatch(value) else None


@dataclass(frozen=True)
class RequestContext:
    caller: Caller | None
    platform: str | None
    theme: Theme
    host_origin: str | None
    texts: TextLookup

    @property
    def caller_name(self) -> str | None:
        return self.caller.name if self.caller else None

    @property
    def origins(self) -> tuple[str, ...]:
        return self.caller.allowed_origins if self.caller else ()

    def texts_for(self, platform: str | None) -> TextLookup:
        """The text lookup for another platform than the context's (a widget that falls
        back to a default platform reads that platform's wording)."""
        if platform == self.platform:
            return self.texts
        return TextLookup(self.texts.store, self.caller_name, platform)

    def with_origins(self, *extra: str) -> "RequestContext":
        """The same context with more origins allowed to frame the page (admin previews)."""
        if self.caller is None:
            return self
        caller = dataclasses.replace(self.caller,
                                     allowed_origins=self.caller.allowed_origins + extra)
        return dataclasses.replace(self, caller=caller)


def build(args, registry, store) -> RequestContext:
    """The context for the query ``args``; raises ``CallerError``."""
    caller = parse_caller(args.get("caller"), registry)
    platform = parse_platform(args.get("platform")) or (caller.platform if caller else None)
    return RequestContext(caller=caller, platform=platform, theme=resolve_theme(args, caller),
                          host_origin=parse_host_origin(args.get("host_origin")),
                          texts=TextLookup(store, caller.name if caller else None, platform))


def current() -> RequestContext:
    """This request's context (outside /widgets/ and /api/: an empty one)."""
    ctx = g.get("ctx")
    if ctx is None:
        ctx = g.ctx = RequestContext(None, None, Theme(), None,
                                     TextLookup(current_app.extensions["content_store"],
                                                None, None))
    return ctx


def resolve():
    """before_request: build the context; refuse an unknown caller with a 400."""
    if not request.path.startswith(CONTEXT_PREFIXES):
        return None
    try:
        g.ctx = build(request.args, current_app.extensions["callers"],
                      current_app.extensions["content_store"])
    except CallerError as error:
        # No caller: no origin may frame the page or read the answer (bff.security,
        # bff.integration.cors), but the page keeps the theme the host asked for.
        g.ctx = None
        g.refused_theme = resolve_theme(request.args, None)
        return caller_refused(error.message)
    return None


def caller_refused(message: str):
    """A 400 in the shape of the route: JSON errors on the API, a French page elsewhere."""
    if request.path.startswith("/api/"):
        return jsonify({"errors": {"caller": [message]}}), 400
    return render_page_error(message, 400)


def require_caller() -> Caller:
    """For widget pages: the caller, or a 400 page saying it is missing."""
    caller = current().caller
    if caller is None:
        abort(render_page_error(MISSING_CALLER, 400))
    return caller


def render_page_error(message: str, status: int):
    return make_response(render_template("widget_error.html", message=message), status)


def text(key: str, **values) -> Markup:
    """The rendered text ``key`` in this request's context (templates call it ``t``)."""
    return current().texts.render(key, **values)


def text_value(key: str) -> str:
    """The raw value of ``key`` in this request's context."""
    return current().texts.value(key)


def public_url(path: str) -> str:
    """An absolute URL of this service for ``path`` (which starts with "/"): from
    PUBLIC_URL when set, else from the address this request was made to."""
    base = current_app.config.get("PUBLIC_URL") or request.host_url
    return base.rstrip("/") + path


def init_app(app) -> None:
    # First of the app's before_request functions: the page micro-cache and every view
    # rely on it, and the security headers read the caller's origins from it.
    app.before_request_funcs.setdefault(None, []).insert(0, resolve)

    @app.context_processor
    def widget_context():
        if not request.path.startswith("/widgets/"):
            return {}
        ctx = g.get("ctx")
        if ctx is None:
            theme = g.get("refused_theme")
            return {"scheme": theme.scheme, "color_scheme": theme.color_scheme} if theme else {}
        values = {"scheme": ctx.theme.scheme, "color_scheme": ctx.theme.color_scheme,
                  "host_origin": ctx.host_origin, "caller_name": ctx.caller_name}
        if ctx.theme.primary:
            from flask import url_for
            values["theme_stylesheet"] = url_for("integration.theme_css",
                                                 primary=ctx.theme.primary)
        return values
