"""The platforms allowed to embed the widgets ("callers").

The integration kit stores partners in the database and manages them in the
admin; these seeds are what a fresh install knows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

CALLER_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{1,39}$")


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


class CallerRegistry:
    """Looks callers up by name; the admin replaces ``load`` with a database read."""

    def __init__(self, callers=SEED_CALLERS):
        self._callers = {c.name: c for c in callers}

    def get(self, name: str | None) -> Caller | None:
        if not name:
            return None
        return self._callers.get(name)

    def all(self) -> list[Caller]:
        return list(self._callers.values())
