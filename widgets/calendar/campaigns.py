"""Campaign documents: bundled JSON files, parsed into dated phases.

Adding a campaign is adding a file ``data/<platform>-<year>.json`` (or publishing one
from the admin): nothing here names a year.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from widgets import PACKAGE_DIR
from widgets.calendar.schema import load_campaign_document, merge_overrides

DATA_DIR = PACKAGE_DIR / "calendar" / "data"


@dataclass(frozen=True)
class Phase:
    id: str
    title: str
    start: date
    end: date
    source: dict
    provisional: bool = False
    note: str = ""


@dataclass(frozen=True)
class Campaign:
    platform: str
    campaign: str
    title: str
    updated: date
    school_year_start: date
    school_year_end: date
    default_formation_start: date
    phases: tuple[Phase, ...]
    academie: str | None = None        # the académie whose dates were applied, if any

    def admits(self, formation_start: date) -> bool:
        """Whether a training starting that day belongs to this campaign's school year."""
        return self.school_year_start <= formation_start <= self.school_year_end

    def phase(self, phase_id: str) -> Phase | None:
        return next((p for p in self.phases if p.id == phase_id), None)

    @property
    def last_day(self) -> date:
        return max(p.end for p in self.phases)

    @property
    def provisional(self) -> bool:
        return any(p.provisional for p in self.phases)


def bundled_campaigns(platform: str, data_dir: Path = DATA_DIR) -> list[str]:
    """Campaign names with a bundled file for ``platform``, oldest first."""
    return list(_bundled_names(platform, data_dir))


@lru_cache(maxsize=32)
def _bundled_names(platform: str, data_dir: Path) -> tuple[str, ...]:
    # Bundled files only change with a deployment, which restarts the process.
    prefix = f"{platform}-"
    return tuple(sorted(p.stem[len(prefix):] for p in data_dir.glob(f"{prefix}*.json")))


def bundled_document(platform: str, campaign: str, data_dir: Path = DATA_DIR) -> dict | None:
    path = data_dir / f"{platform}-{campaign}.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text("utf-8"))


def campaign_from_document(document: dict, academie: str | None = None) -> Campaign:
    """Parse and check ``document``; the académie's dates replace the national ones.

    Raises ``marshmallow.ValidationError`` when the document is invalid.
    """
    return _parse(json.dumps(document, sort_keys=True, ensure_ascii=False), academie)


@lru_cache(maxsize=64)
def _parse(serialized: str, academie: str | None) -> Campaign:
    # Keyed on the serialized document so a republished override is never served stale.
    data = load_campaign_document(json.loads(serialized))
    phases = data["phases"]
    applied = None
    if academie and academie in data["academies"]:
        phases = merge_overrides(phases, data["academies"][academie]["phases"])
        applied = academie
    return Campaign(
        platform=data["platform"], campaign=data["campaign"], title=data["title"],
        updated=data["updated"], school_year_start=data["school_year"]["start"],
        school_year_end=data["school_year"]["end"],
        default_formation_start=data["default_formation_start"],
        phases=tuple(Phase(id=p["id"], title=p["title"], start=p["start"], end=p["end"],
                           source=dict(p["source"]), provisional=p.get("provisional", False),
                           note=p.get("note", "")) for p in phases),
        academie=applied)


def choose_campaign(campaigns: list[Campaign], formation_start: date | None,
                    today: date) -> Campaign | None:
    """The campaign a candidate is in.

    With a training start date: the campaign whose school year holds it (None if no
    campaign does). Without: the first campaign not over yet, else the latest one.
    """
    ordered = sorted(campaigns, key=lambda c: c.school_year_start)
    if formation_start is not None:
        return next((c for c in ordered if c.admits(formation_start)), None)
    if not ordered:
        return None
    return next((c for c in ordered if c.last_day >= today), ordered[-1])
