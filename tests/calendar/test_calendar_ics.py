"""The .ics file: parsed by the icalendar package, and checked raw against RFC 5545."""
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlencode

import icalendar

from calendar_fixtures import bundled

ICS = "/api/v1/calendar.ics"
PARAMS = {"caller": "parcoursup", "formation_start": "2026-09-01", "today": "2026-06-05"}


def fetch(client, **params):
    response = client.get(f"{ICS}?{urlencode(params or PARAMS)}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def events_of(raw: bytes):
    calendar = icalendar.Calendar.from_ical(raw)
    return calendar, list(calendar.walk("VEVENT"))


def test_file_is_served_as_an_ics_attachment(client):
    response = fetch(client)
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'attachment; filename="calendrier-parcoursup-2026.ics"' == (
        response.headers["Content-Disposition"])
    assert "Set-Cookie" not in response.headers


def test_parsed_events_are_the_candidates_dates(client):
    calendar, events = events_of(fetch(client).data)
    assert str(calendar["VERSION"]) == "2.0" and "PRODID" in calendar
    by_summary = {str(e["SUMMARY"]): e for e in events}
    # Ranges give a start and an end event; one-day steps a single event.
    assert by_summary["Fin : Inscription et formulation des vœux"].decoded("DTSTART") == date(
        2026, 3, 12)
    assert by_summary["Début de la formation"].decoded("DTSTART") == date(2026, 9, 1)
    assert by_summary["Fin : Chercher un employeur"].decoded("DTSTART") == date(2026, 11, 30)
    assert len(events) == 2 * 6 + 2
    for event in events:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        # All-day events: DATE values (not DATE-TIME), one day long.
        assert type(start) is date and end - start == timedelta(days=1)
        assert event["DTSTART"].params.get("VALUE") == "DATE"
        assert event.decoded("DTSTAMP") == datetime(2026, 11, 29, tzinfo=timezone.utc)
        assert str(event["TRANSP"]) == "TRANSPARENT"
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_uids_are_stable_across_calls_and_training_dates(client):
    first = fetch(client).data
    again = fetch(client).data
    assert first == again
    other = fetch(client, caller="parcoursup", formation_start="2027-01-04").data
    uids = lambda raw: sorted(str(e["UID"]) for e in events_of(raw)[1])  # noqa: E731
    # Same steps, new dates: importing again updates the events rather than adding copies.
    assert uids(first) == uids(other)
    assert "wishes-end.parcoursup-2026@apprentissage-widgets" in uids(first)
    assert first != other


def test_raw_lines_are_crlf_and_folded_at_75_octets(client):
    raw = fetch(client).data
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "long descriptions must be folded"
    assert raw.count(b"DTSTAMP:20261129T000000Z\r\n") == raw.count(b"BEGIN:VEVENT")
    raw.decode("utf-8")  # folding never splits a multi-byte character


def test_text_is_escaped_and_survives_parsing(client, published):
    document = bundled("parcoursup-2026")
    tricky = "Vœux ; dossier, pièces \\ confirmation"
    document["phases"][0]["title"] = tricky
    published.calendars[("parcoursup", "2026")] = document
    raw = fetch(client).data
    assert b"Fin : V\xc5\x93ux \\; dossier\\, pi\xc3\xa8ces \\\\ confirmation" in raw.replace(
        b"\r\n ", b"")
    _, events = events_of(raw)
    assert f"Fin : {tricky}" in {str(e["SUMMARY"]) for e in events}


def test_academie_dates_get_their_own_uids(client, published):
    document = bundled("affelnet-2026")
    document["academies"] = {"25": {"phases": {"wishes": {"start": "2026-04-27"}}}}
    published.calendars[("affelnet", "2026")] = document
    _, events = events_of(fetch(client, platform="affelnet", academie="25", campaign="2026").data)
    starts = {str(e["UID"]): e.decoded("DTSTART") for e in events}
    assert starts["wishes-start.affelnet-2026-25@apprentissage-widgets"] == date(2026, 4, 27)
