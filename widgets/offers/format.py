"""French display of offer fields (dates, distances, company sizes, diploma levels)."""
from __future__ import annotations

from datetime import date

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def french_date(iso: str | None) -> str | None:
    """"2027-09-01" → "1er septembre 2027"."""
    if not iso:
        return None
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return None
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


def french_km(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(round(value))) if value >= 10 else f"{value:.1f}".replace(".", ",")


def company_size(size: str | None) -> str | None:
    """Upstream sizes look like "6-9", "0-0" or "100-199"."""
    if not size:
        return None
    low, _, high = size.partition("-")
    if not (low.isdigit() and high.isdigit()):
        return None
    if high == "0":
        return None
    return f"{low} à {high}" if low != high else low


# European qualification levels as candidates know them (level 6 is also "Bac+4").
LEVEL_NAMES = {3: "CAP", 4: "Bac", 5: "Bac+2", 6: "Bac+3", 7: "Bac+5"}


def level_name(level) -> str | None:
    """3 → "CAP", "6" → "Bac+3"; None for anything else."""
    try:
        return LEVEL_NAMES.get(int(str(level).strip()))
    except (TypeError, ValueError):
        return None
