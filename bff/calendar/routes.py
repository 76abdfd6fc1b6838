"""Calendar timeline: page ``/widgets/v1/calendar``, API ``/api/v1/calendar`` and
``/api/v1/calendar.ics``.

Campaign dates come from the admin's published override when there is one, else from
the bundled file; the view itself is ``widgets.calendar.view``.
"""
from __future__ import annotations

import logging
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import current_app, jsonify, make_response, render_template
from marshmallow import ValidationError

from bff import context
from bff.web import api, load_query, pages, query_args
from widgets.calendar.academies import academie_code
from widgets.calendar.campaigns import (Campaign, bundled_campaigns, bundled_document,
                                        campaign_from_document)
from widgets.calendar.dates import french_date
from widgets.calendar.params import FIELD_LABELS, CalendarQuery
from widgets.calendar.schema import PLATFORM_TITLES
from widgets.calendar.view import (CalendarView, calendar_file, calendar_json,
                                   resolve_calendar)
from widgets.registry import WIDGETS

log = logging.getLogger(__name__)
PARIS = ZoneInfo("Europe/Paris")
SPEC = WIDGETS["calendar"]
QUERY = CalendarQuery()   # built once: a schema's construction costs more than a load


def paris_today() -> date:
    """Candidates live by the French calendar, whatever the server's own time zone."""
    return datetime.now(PARIS).date()


@lru_cache(maxsize=256)
def _bundled(platform: str, name: str, academie: str | None) -> Campaign:
    return campaign_from_document(bundled_document(platform, name), academie)


def campaigns_for(platform: str, academie: str | None) -> list[Campaign]:
    """Every campaign of ``platform``: published overrides first, bundled files otherwise."""
    content = current_app.extensions["content_store"]
    bundled = set(bundled_campaigns(platform))
    # The admin may publish a campaign no file bundles yet (2027 added without code).
    names = bundled | set(content.calendar_campaigns(platform) or ())
    found = []
    for name in sorted(names):
        document = content.calendar_override(platform, name)
        if document is not None:
            try:
                campaign = campaign_from_document(document, academie)
                if (campaign.platform, campaign.campaign) == (platform, name):
                    found.append(campaign)
                    continue
                log.warning("calendar override %s-%s names another campaign", platform, name)
            except (ValidationError, TypeError, ValueError):
                log.warning("calendar override %s-%s is invalid; using the bundled file",
                            platform, name)
        if name in bundled:
            found.append(_bundled(platform, name, academie))
    return found


def view_for(args: dict) -> CalendarView:
    """The calendar for loaded parameters, in this request's context."""
    ctx = context.current()
    return resolve_calendar(args, caller=ctx.caller_name,
                            platform=ctx.caller.platform if ctx.caller else None,
                            campaigns_for=campaigns_for, value_of=ctx.texts.value,
                            today=paris_today())


@pages.get("/calendar", endpoint="calendar")
def calendar_page():
    """The timeline as an ordered list, usable without JavaScript."""
    caller = context.require_caller()
    errors = {}
    try:
        view = view_for(QUERY.load(query_args(), unknown="exclude"))
    except ValidationError as error:
        view = None
        errors = error.messages if isinstance(error.messages, dict) else {
            "_schema": list(error.messages)}
    raw = query_args()
    if view is None:
        # Keep what was valid, so the form resubmits it and the candidate only fixes the date.
        platform = raw.get("platform", "").strip() or caller.platform or ""
        platform = platform if platform in PLATFORM_TITLES else ""
        academie = academie_code(raw.get("academie", "")) or ""
    else:
        platform, academie = view.platform, view.academie or ""
    html = render_template("calendar/page.html", widget_name=SPEC.name,
                           widget_title=SPEC.title, view=view, errors=errors,
                           labels=FIELD_LABELS, platform=platform, academie=academie, raw=raw,
                           french_date=french_date)
    return html, (400 if errors else 200)


@api.get("/calendar")
def calendar():
    """The timeline for a platform and a training start date, with today's position."""
    return jsonify(calendar_json(view_for(load_query(QUERY))))


@api.get("/calendar.ics")
def calendar_ics_file():
    """The same timeline as an iCalendar file to import into a personal calendar."""
    view = view_for(load_query(QUERY))
    response = make_response(calendar_file(view, context.current().texts.value))
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    filename = f"calendrier-{view.platform}-{view.campaign.campaign}.ics"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
