"""The database-backed ContentStore: published content, refreshed by a version stamp.

Each process keeps a snapshot of everything published and, at most every
``CONTENT_REFRESH_SECONDS`` (default 2), reads the latest publication id: one indexed
``max()``; the snapshot is reloaded only when that stamp moved. So every process and
instance serves a publication within a few seconds, whatever the cache backend.

When the database is unreachable the snapshot it knows (or, on a cold start, the
defaults) keeps being served, and the next attempt waits ``CONTENT_RETRY_SECONDS``
so that a dead database does not slow every widget request.

Admin previews: a widget URL carrying ``preview=<signed token>`` (see ``preview_token``)
is rendered with the drafts named in the token, is never cached and may be framed by
the admin's own origin. A token names each draft with the revision it was made from:
once the draft is saved again, published or discarded, the link is refused with a French
page (the draft it showed no longer exists, and showing the new one under the old link
would let a link shared for review show something else than what was reviewed).
An expired or forged token is refused the same way, never shown as the published page.
"""
from __future__ import annotations

import logging
import threading
import time

import sqlalchemy as sa
from flask import Flask, g, make_response, render_template, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from bff.storage import Database
from bff.storage.content import current_stamp, published_snapshot
from bff.storage.models import ALL_SCOPE, Entry
from bff.texts import ContentStore

log = logging.getLogger("bff.storage.store")

PREVIEW_MAX_AGE = 3600
MAX_PREVIEW_DRAFTS = 500
PREVIEW_REFUSED = ("Ce lien d'aperçu n'est plus valable : il a expiré, ou le brouillon a été "
                   "modifié, publié ou abandonné depuis. Rouvrez l'aperçu depuis "
                   "l'administration.")
PREVIEW_UNAVAILABLE = ("L'aperçu est momentanément indisponible : la base de données ne "
                       "répond pas. Réessayez dans quelques instants.")
_ABSENT = object()


class DatabaseContentStore(ContentStore):
    def __init__(self, db: Database, refresh_seconds: float = 2.0, retry_seconds: float = 10.0):
        self.db = db
        self.refresh_seconds = refresh_seconds
        self.retry_seconds = retry_seconds
        self._texts: dict[tuple[str, str], str] = {}
        self._calendars: dict[tuple[str, str], dict] = {}
        self._stamp: int | None = None
        self._next_check = 0.0
        self._lock = threading.Lock()
        self.last_error: str | None = None

    # -- what widgets read -------------------------------------------------------------
    def text_override(self, key: str, scope: str) -> str | None:
        return self._current("text", key, scope, "_texts")

    def calendar_override(self, platform: str, campaign: str) -> dict | None:
        return self._current("calendar", f"{platform}/{campaign}", ALL_SCOPE, "_calendars")

    def _current(self, kind: str, key: str, scope: str, published_attr: str):
        """The previewed draft of this request, if any, else the published value."""
        preview = _preview_overlay()
        if preview is not None:
            value = preview.get((kind, key, scope), _ABSENT)
            if value is not _ABSENT:
                return value
        self.refresh_if_due()
        # Read after the refresh: it swaps in new dictionaries.
        return getattr(self, published_attr).get((key, scope))

    def calendar_campaigns(self, platform: str) -> set[str]:
        """Campaigns of ``platform`` that have published (or previewed) documents."""
        self.refresh_if_due()
        keys = {key for key, _ in self._calendars}
        preview = _preview_overlay()
        if preview is not None:
            keys |= {key for kind, key, _ in preview if kind == "calendar"}
        prefix = platform + "/"
        return {key[len(prefix):] for key in keys if key.startswith(prefix)}

    def version(self) -> str:
        if getattr(g, "content_preview_id", None):
            return f"preview-{g.content_preview_id}"
        self.refresh_if_due()
        return "defaults" if not self._stamp else f"p{self._stamp}"

    # -- freshness ---------------------------------------------------------------------
    def refresh_if_due(self) -> None:
        if time.monotonic() < self._next_check:
            return
        # One request refreshes; the others serve the snapshot they have meanwhile.
        if not self._lock.acquire(blocking=False):
            return
        try:
            if time.monotonic() >= self._next_check:
                self.refresh()
        finally:
            self._lock.release()

    def refresh(self) -> bool:
        try:
            with self.db.session() as s:
                stamp = current_stamp(s)
                if stamp != self._stamp:
                    stamp, texts, calendars = published_snapshot(s)
                    self._texts, self._calendars, self._stamp = texts, calendars, stamp
            self.last_error = None
            self._next_check = time.monotonic() + self.refresh_seconds
            return True
        except Exception as error:  # any driver error: keep serving what we know
            if self.last_error is None:
                log.warning("content store: database unreachable, serving stamp %s: %s",
                            self._stamp, error.__class__.__name__)
            self.last_error = error.__class__.__name__
            self._next_check = time.monotonic() + self.retry_seconds
            return False

    def healthy(self) -> bool:
        """True when the database answers now (for /readyz)."""
        try:
            with self.db.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
            return True
        except Exception:
            return False


# -- previews -------------------------------------------------------------------------
def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="admin-preview")


def preview_token(secret_key: str, drafts) -> str:
    """A signed token naming ``drafts``: (entry id, revision the preview was made from)."""
    return _serializer(secret_key).dumps({"d": sorted([int(i), int(r)] for i, r in drafts)})


def _preview_overlay() -> dict | None:
    try:
        return g.get("content_preview")
    except RuntimeError:  # outside a request (CLI, tests of the store)
        return None


def _token_drafts(secret_key: str, token: str) -> dict[int, int] | None:
    """{entry id: revision} of a valid, unexpired token; None otherwise."""
    try:
        data = _serializer(secret_key).loads(token, max_age=PREVIEW_MAX_AGE)
        pairs = data["d"][:MAX_PREVIEW_DRAFTS]
        drafts = {int(i): int(r) for i, r in pairs}
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
    return drafts or None


def _refused(message: str = PREVIEW_REFUSED, status: int = 410):
    response = make_response(render_template("widget_error.html", message=message), status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _load_preview(app: Flask, store: DatabaseContentStore):
    token = request.args.get("preview")
    if token is None or not request.path.startswith("/widgets/"):
        return None
    drafts = _token_drafts(app.config["SECRET_KEY"], token)
    if drafts is None:
        return _refused()
    import json
    overlay = {}
    try:
        with store.db.session() as s:
            found = list(s.scalars(sa.select(Entry).where(Entry.id.in_(list(drafts)))))
    except Exception:  # any driver error: no draft to show, and the page must not pretend
        return _refused(PREVIEW_UNAVAILABLE, 503)
    if len(found) != len(drafts) or any(e.revision != drafts[e.id] for e in found):
        return _refused()
    for entry in found:
        if entry.has_draft:
            value = entry.draft_value
            if entry.kind == "calendar" and value is not None:
                value = json.loads(value)
            overlay[(entry.kind, entry.key, entry.scope)] = value
    g.content_preview = overlay
    g.content_preview_id = token[-12:]
    if g.get("ctx") is not None:
        # The admin's preview frames the widget from the BFF's own origin.
        g.ctx = g.ctx.with_origins("'self'")
    return None


def install(app: Flask, db: Database) -> DatabaseContentStore:
    """Make the database-backed store the app's content store."""
    store = DatabaseContentStore(db, app.config["CONTENT_REFRESH_SECONDS"],
                                 app.config["CONTENT_RETRY_SECONDS"])
    app.extensions["content_store"] = store

    @app.before_request
    def content_preview():
        return _load_preview(app, store)

    @app.after_request
    def previews_are_never_cached(response):
        if g.get("content_preview") is not None:
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("ETag", None)
        return response

    return store
