"""Today's date as candidates count it."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def paris_today() -> date:
    """Candidates live by the French calendar, whatever the server's own time zone."""
    return datetime.now(PARIS).date()
