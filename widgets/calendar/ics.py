"""The timeline as an iCalendar file (RFC 5545), built with the ``icalendar`` library.

Every date is an all-day event. UIDs name the step and the campaign, not the
request, so importing the file again updates the events instead of duplicating them.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from widgets.calendar.rules import Step

PRODID = "-//apprentissage-widgets//Calendrier apprentissage//FR"
UID_DOMAIN = "apprentissage-widgets"


def calendar_ics(steps: list[Step], *, name: str, uid_scope: str, stamp: datetime,
                 summary: Callable[[Step, str], str], description: Callable[[Step], str]) -> bytes:
    """``stamp`` (UTC) is when the data was last revised: DTSTAMP for every event.

    ``summary(step, edge)`` titles an event; ``edge`` is "day" for a one-day step, else
    "start" or "end".
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for step in steps:
        edges = [("day", step.start)] if step.milestone else [
            ("start", step.start), ("end", step.end)]
        for edge, day in edges:
            event = Event()
            event.add("uid", f"{step.id}-{edge}.{uid_scope}@{UID_DOMAIN}")
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("summary", summary(step, edge))
            text = description(step)
            if text:
                event.add("description", text)
            if step.source:
                event.add("url", step.source["url"])
            # A reminder of a date, not a meeting: it must not show the day as busy.
            event.add("transp", "TRANSPARENT")
            cal.add_component(event)
    return cal.to_ical()
