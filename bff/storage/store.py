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
the admin's own origin.
"""
from __future__ import annotations

import logging
import threading
import time

import sqlalchemy as sa
from flask import Flask, g, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from bff.storage import Database
from bff.storage.content import current_stamp, published_snapshot
from bff.storage.models import ALL_SCOPE, Entry
from bff.texts import ContentStore

log = logging.getLogger("bff.storage.store")

PREVIEW_MAX_AGE = 3600
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


def preview_token(secret_key: str, entry_ids: list[int]) -> str:
    return _serializer(secret_key).dumps({"e": sorted(entry_ids)})


def _preview_overlay() -> dict | None:
    try:
        return g.get("content_preview")
    except RuntimeError:  # outside a request (CLI, tests of the store)
        return None


def _load_preview(app: Flask, store: DatabaseContentStore) -> None:
    token = request.args.get("preview")
    if not token or not request.path.startswith("/widgets/"):
        return
    try:
        data = _serializer(app.config["SECRET_KEY"]).loads(token, max_age=PREVIEW_MAX_AGE)
        ids = [int(i) for i in data["e"]][:500]
    except (BadSignature, KeyError, TypeError, ValueError):
        return
    import json
    overlay = {}
    try:
        with store.db.session() as s:
            for entry in s.scalars(sa.select(Entry).where(Entry.id.in_(ids))):
                if entry.has_draft:
                    value = entry.draft_value
                    if entry.kind == "calendar" and value is not None:
                        value = json.loads(value)
                    overlay[(entry.kind, entry.key, entry.scope)] = value
    except Exception:
        return
    g.content_preview = overlay
    g.content_preview_id = token[-12:]
    if g.get("ctx") is not None:
        # The admin's preview frames the widget from the BFF's own origin.
        g.ctx = g.ctx.with_origins("'self'")


def install(app: Flask, db: Database) -> DatabaseContentStore:
    """Make the database-backed store the app's content store."""
    store = DatabaseContentStore(db, app.config["CONTENT_REFRESH_SECONDS"],
                                 app.config["CONTENT_RETRY_SECONDS"])
    app.extensions["content_store"] = store

    @app.before_request
    def content_preview():
        _load_preview(app, store)

    @app.after_request
    def previews_are_never_cached(response):
        if g.get("content_preview") is not None:
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("ETag", None)
        return response

    return store
