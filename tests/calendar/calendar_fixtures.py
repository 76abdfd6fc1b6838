"""Calendar test helpers: campaign documents, a synthetic next campaign, a publishing store."""
from __future__ import annotations

import copy
import hashlib
import json

from bff.texts import ContentStore
from widgets.calendar.campaigns import DATA_DIR


def bundled(name: str) -> dict:
    return json.loads((DATA_DIR / f"{name}.json").read_text("utf-8"))


def next_year_campaign(years: int = 1) -> dict:
    """The Parcoursup 2026 dates moved ``years`` later (2027's school year holds 29 Feb 2028)."""
    document = bundled("parcoursup-2026")
    shifted = copy.deepcopy(document)
    first = 2026 + years
    shifted.update(campaign=str(first), title=f"Parcoursup {first}", updated="2027-01-05",
                   school_year={"start": f"{first}-08-01", "end": f"{first + 1}-07-31"},
                   default_formation_start=f"{first}-09-01")
    for phase in shifted["phases"]:
        for name in ("start", "end"):
            year, rest = phase[name].split("-", 1)
            phase[name] = f"{int(year) + years}-{rest}"
    return shifted


class PublishingStore(ContentStore):
    """What the admin's store answers once editors have published calendars or texts."""

    def __init__(self):
        self.calendars: dict[tuple[str, str], dict] = {}
        self.texts: dict[tuple[str, str], str] = {}   # (key, scope as bff.texts names it)

    def calendar_override(self, platform, campaign):
        return self.calendars.get((platform, campaign))

    def calendar_campaigns(self, platform):
        return [c for p, c in self.calendars if p == platform]

    def text_override(self, key, scope):
        return self.texts.get((key, scope))

    def version(self):
        # The store's contract: the stamp changes with every publication (page caches use it).
        content = json.dumps([sorted(map(str, self.calendars.items())),
                              sorted(map(str, self.texts.items()))])
        return hashlib.sha256(content.encode()).hexdigest()[:16]
