"""Working days of metropolitan France: a date a campaign is *guessed* to open or close on
must be one, because no administration opens or closes a procedure on a Saturday, a
Sunday or a public holiday.

Public holidays come from the ``holidays`` library (python-holidays, maintained, with
Easter-based holidays such as Whit Monday computed), national calendar only: the
Alsace-Moselle extra days (Good Friday, 26 December) are not national closures.
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

WEEKEND = {5: "un samedi", 6: "un dimanche"}


@lru_cache(maxsize=32)
def _public_holidays(year: int) -> dict[date, str]:
    return dict(holidays.France(years=year, language="fr"))


def non_working_reason(day: date) -> str | None:
    """Why ``day`` is not a working day, in French ("un samedi", "le lundi de Pentecôte"), or
    None when it is one."""
    name = _public_holidays(day.year).get(day)
    if name:
        return f"un jour férié ({name[0].lower() + name[1:]})"
    return WEEKEND.get(day.weekday())


def next_working_day(day: date) -> date:
    while non_working_reason(day):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date) -> date:
    while non_working_reason(day):
        day -= timedelta(days=1)
    return day
