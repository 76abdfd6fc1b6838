"""The platforms allowed to embed the widgets ("callers").

Partners live in the database (table ``partners``, managed in the admin by
publishers); these seeds are what a fresh install knows, and what the widgets
fall back to when the database cannot be read on a cold start.

The seeds let the demo embed the widgets from ``http://localhost:*`` and
``http://127.0.0.1:*``. Such loopback origins exist only outside production: production
seeds lack them, migration 0002 does not store them, the admin refuses them, a
production registry ignores them, and gunicorn refuses to start while the database still
holds some (``flask --app bff partners drop-local-origins`` removes them; see
docs/security.md).
"""
from __future__ import annotations

import dataclasses
import logging
import re
import threading
import time
from dataclasses import dataclass, field

from bff.origins import without_loopback

log = logging.getLogger("bff.callers")

CALLER_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{1,39}")  # with fullmatch()


@dataclass(frozen=True)
class Caller:
    name: str
    label: str
    platform: str | None                      # default platform of its texts and calendar
    allowed_origins: tuple[str, ...] = ()     # CSP frame-ancestors / CORS
    theme: dict = field(default_factory=dict)


# localhost with any port lets the demo and a developer's machine embed the widgets.
LOCAL_ORIGINS = ("http://localhost:*", "http://127.0.0.1:*")

SEED_CALLERS = (
    Caller("parcoursup", "Parcoursup", "parcoursup",
           ("https://dossierappel.parcoursup.fr", "https://www.parcoursup.gouv.fr") + LOCAL_ORIGINS),
    Caller("affelnet", "Affelnet lycée", "affelnet",
           ("https://affectation3e.phm.education.gouv.fr",) + LOCAL_ORIGINS),
    Caller("demo", "Démonstration", None, LOCAL_ORIGINS),
)


def seed_callers(production: bool) -> tuple[Caller, ...]:
    """The seeds, without their loopback origins in production."""
    if not production:
        return SEED_CALLERS
    return tuple(dataclasses.replace(c, allowed_origins=without_loopback(c.allowed_origins))
                 for c in SEED_CALLERS)


class CallerRegistry:
    """Looks callers up by name, in a fixed list (the seeds unless told otherwise)."""

    def __init__(self, callers=SEED_CALLERS):
        self._callers = {c.name: c for c in callers}

    def get(self, name: str | None) -> Caller | None:
        if not name:
            return None
        return self._callers.get(name)

    def all(self) -> list[Caller]:
        return list(self._callers.values())


def caller_from_partner(row, production: bool = False) -> Caller:
    theme = {k: v for k, v in (("primary_color", row.primary_color), ("scheme", row.scheme)) if v}
    origins = without_loopback(row.origins) if production else row.origins
    return Caller(row.name, row.label, row.platform, origins, theme)


class DatabaseCallerRegistry(CallerRegistry):
    """Callers from the ``partners`` table, kept in a per-process snapshot.

    The snapshot is reloaded at most every ``refresh_seconds`` (one small query), and at
    once in the process where the admin changed a partner (``invalidate``). When the
    database cannot be read, the last snapshot keeps being served (on a cold start, the
    seeds) and the next attempt waits ``retry_seconds``, so that widgets never wait on a
    dead database.
    """

    def __init__(self, db, refresh_seconds: float = 5.0, retry_seconds: float = 10.0,
                 seeds=SEED_CALLERS, production: bool = False):
        super().__init__(seed_callers(True) if production else seeds)
        self.db = db
        self.production = production
        self.refresh_seconds = refresh_seconds
        self.retry_seconds = retry_seconds
        self._next_load = 0.0
        self._attempted = False
        self._lock = threading.Lock()
        self.last_error: str | None = None

    def invalidate(self) -> None:
        self._next_load = 0.0

    def _load(self) -> None:
        import sqlalchemy as sa

        from bff.storage.partners import Partner
        with self.db.session() as s:
            rows = s.scalars(sa.select(Partner).where(Partner.active.is_(True))).all()
            callers = {row.name: caller_from_partner(row, self.production) for row in rows}
        self._callers = callers

    def refresh_if_due(self) -> None:
        if time.monotonic() < self._next_load:
            return
        # One thread reloads; once a first attempt was made, the others go on with the
        # snapshot rather than queue behind a database that may take its connect timeout.
        # Before it, they wait: the seeds may lack a partner the database knows.
        if not self._lock.acquire(blocking=not self._attempted):
            return
        try:
            if time.monotonic() < self._next_load:
                return
            self._attempted = True
            try:
                self._load()
                self.last_error = None
                self._next_load = time.monotonic() + self.refresh_seconds
            except Exception as error:  # noqa: BLE001 - any database failure: serve what we know
                self.last_error = error.__class__.__name__
                log.warning("callers: database unreadable (%s); serving the last known list",
                            self.last_error)
                self._next_load = time.monotonic() + self.retry_seconds
        finally:
            self._lock.release()

    def get(self, name: str | None) -> Caller | None:
        self.refresh_if_due()
        return super().get(name)

    def all(self) -> list[Caller]:
        self.refresh_if_due()
        return super().all()
