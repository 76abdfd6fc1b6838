"""Calendar arithmetic and French date wording, with no locale dependency."""
from __future__ import annotations

import calendar
from datetime import date

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months; a day missing in the target month becomes its last day.

    This is how French law counts a period in months (30 November + 3 months is the end of
    February: 28th, or 29th in a leap year).
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def french_date(day: date) -> str:
    """``1er septembre 2026``: how a French reader expects a date written out."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"

