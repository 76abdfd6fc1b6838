"""A provisional campaign date is a working day: never a weekend, never a French public
holiday (Easter-based ones included). Checked on every bundled campaign file and by the
schema the admin uses (the editor itself: tests/admin/test_admin_calendar_workdays.py)."""
from __future__ import annotations

import copy
import json
from datetime import date, timedelta

import pytest

from widgets.calendar.campaigns import DATA_DIR
from widgets.calendar.schema import calendar_warnings, validate_campaign
from widgets.calendar.workdays import next_working_day, non_working_reason, previous_working_day

BUNDLED = sorted(p for p in DATA_DIR.glob("*-20*.json"))


def easter_sunday(year: int) -> date:
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher), independent of the library."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


@pytest.mark.parametrize("year", range(2025, 2031))
def test_easter_based_holidays_are_non_working(year):
    easter = easter_sunday(year)
    for offset, name in ((1, "lundi de Pâques"), (39, "Ascension"), (50, "lundi de Pentecôte")):
        reason = non_working_reason(easter + timedelta(days=offset))
        assert reason and name.lower() in reason.lower(), (year, offset, reason)


@pytest.mark.parametrize("day, expected", [
    (date(2026, 5, 25), "un jour férié (lundi de Pentecôte)"),
    (date(2027, 5, 17), "un jour férié (lundi de Pentecôte)"),
    (date(2026, 7, 14), "un jour férié (fête nationale)"),
    (date(2026, 11, 11), "un jour férié (armistice)"),
    (date(2026, 7, 11), "un samedi"),
    (date(2027, 7, 11), "un dimanche"),
    (date(2026, 5, 22), None),
    (date(2026, 5, 26), None),
])
def test_non_working_days(day, expected):
    assert non_working_reason(day) == expected


def test_nearest_working_days_skip_holidays_and_weekends():
    assert previous_working_day(date(2026, 5, 25)) == date(2026, 5, 22)
    assert next_working_day(date(2026, 5, 25)) == date(2026, 5, 26)
    assert next_working_day(date(2026, 5, 14)) == date(2026, 5, 15)


def test_every_bundled_campaign_file_is_checked():
    names = {p.name for p in BUNDLED}
    assert {"parcoursup-2026.json", "parcoursup-2027.json", "affelnet-2026.json",
            "affelnet-2027.json"} <= names


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_campaign_provisional_dates_are_working_days(path):
    document = json.loads(path.read_text("utf-8"))
    assert validate_campaign(document) == {}
    phases = list(document["phases"])
    for academie in document.get("academies", {}).values():
        phases += [dict(next(p for p in document["phases"] if p["id"] == pid), **override)
                   for pid, override in academie["phases"].items()]
    provisional = [p for p in phases if p.get("provisional")]
    for phase in provisional:
        for name in ("start", "end"):
            day = date.fromisoformat(phase[name])
            assert non_working_reason(day) is None, (path.name, phase["id"], name, day)


def test_affelnet_2026_window_no_longer_ends_on_whit_monday():
    document = json.loads((DATA_DIR / "affelnet-2026.json").read_text("utf-8"))
    wishes = next(p for p in document["phases"] if p["id"] == "wishes")
    assert wishes["provisional"] is True
    assert wishes["end"] == "2026-05-22" and "lundi de Pentecôte" in wishes["note"]


def test_schema_refuses_a_provisional_date_on_whit_monday_and_suggests_working_days():
    document = json.loads((DATA_DIR / "affelnet-2026.json").read_text("utf-8"))
    document["phases"][0]["end"] = "2026-05-25"
    errors = validate_campaign(document)
    message = errors["phases"][0]["end"][0]
    assert "provisoire" in message and "lundi de Pentecôte" in message
    assert "22 mai 2026" in message and "26 mai 2026" in message


def test_schema_refuses_a_provisional_academie_date_on_a_sunday():
    document = json.loads((DATA_DIR / "affelnet-2026.json").read_text("utf-8"))
    document["academies"] = {"24": {"phases": {"wishes": {"start": "2026-05-03"}}}}
    errors = validate_campaign(document)
    assert "un dimanche" in errors["academies"]["24"]["phases"]["wishes"]["start"][0]


def test_an_announced_saturday_is_accepted_with_a_warning():
    document = json.loads((DATA_DIR / "parcoursup-2026.json").read_text("utf-8"))
    admission = next(p for p in document["phases"] if p["id"] == "admission")
    assert admission["end"] == "2026-07-11" and not admission.get("provisional")
    assert validate_campaign(document) == {}
    warnings = calendar_warnings(document)
    assert list(warnings) == ["phases.2.end"]
    assert "11 juillet 2026 tombe un samedi" in warnings["phases.2.end"][0]
    provisional = copy.deepcopy(document)
    next(p for p in provisional["phases"] if p["id"] == "admission")["provisional"] = True
    assert "un samedi" in validate_campaign(provisional)["phases"][2]["end"][0]
