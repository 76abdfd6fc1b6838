"""JSON API v1 routes of the calendar widget, and the view both the API and the page use.

Campaign dates come from the admin's published override when there is one, else from
the bundled file; the rules themselves are in ``widgets.calendar``.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import current_app, jsonify, make_response
from marshmallow import ValidationError

from bff.api import bp, load_query
from bff.texts import store, text_value
from widgets.calendar import rules
from widgets.calendar.campaigns import (Campaign, bundled_campaigns, bundled_document,
                                        campaign_from_document, choose_campaign)
from widgets.calendar.dates import french_date
from widgets.calendar.ics import calendar_ics
from widgets.calendar.params import CalendarQuery
from widgets.calendar.schema import PLATFORM_TITLES
from widgets.texts import fill

log = logging.getLogger(__name__)
PARIS = ZoneInfo("Europe/Paris")


def paris_today() -> date:
    """Candidates live by the French calendar, whatever the server's own time zone."""
    return datetime.now(PARIS).date()


@dataclass(frozen=True)
class CalendarView:
    caller: str | None
    platform: str
    campaign: Campaign
    formation_start: date
    formation_start_given: bool
    campaign_given: bool
    academie: str | None
    today: date
    steps: list[rules.Step]
    position: rules.Position
    deadline: rules.Deadline | None
    advice: str

    @property
    def platform_title(self) -> str:
        return PLATFORM_TITLES[self.platform]

    def status(self, step: rules.Step) -> str:
        return step.status(self.today)

    def step(self, step_id: str) -> rules.Step:
        return next(s for s in self.steps if s.id == step_id)

    def query(self) -> dict:
        """The parameters that reproduce this calendar (for the .ics link and the form)."""
        params = {"caller": self.caller, "platform": self.platform,
                  "campaign": self.campaign.campaign if self.campaign_given else None,
                  "formation_start": self.formation_start.isoformat(),
                  "academie": self.academie}
        return {k: v for k, v in params.items() if v}

    def sources(self) -> list[dict]:
        seen, out = set(), []
        for step in self.steps:
            if step.source and step.source["url"] not in seen:
                seen.add(step.source["url"])
                out.append(step.source)
        return out

    @property
    def updated(self) -> date:
        return max(self.campaign.updated, rules.LAW.updated)


@lru_cache(maxsize=256)
def _bundled(platform: str, name: str, academie: str | None) -> Campaign:
    return campaign_from_document(bundled_document(platform, name), academie)


def campaigns_for(platform: str, academie: str | None) -> list[Campaign]:
    """Every campaign of ``platform``: published overrides first, bundled files otherwise."""
    content = store()
    bundled = set(bundled_campaigns(platform))
    names = set(bundled)
    extra = getattr(content, "calendar_campaigns", None)
    if callable(extra):
        # The admin may publish a campaign no file bundles yet (2027 added without code).
        names.update(extra(platform) or ())
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


def step_titles(caller: str | None) -> dict[str, str]:
    return {step: fill(text_value(f"calendar.step.{step}", caller),
                       rules.step_context(step, rules.LAW))
            for step in rules.APPRENTICESHIP_STEPS}


def resolve_calendar(args: dict, caller: str | None) -> CalendarView:
    """The calendar the parameters ask for; raises ``ValidationError`` (French) otherwise."""
    platform = args.get("platform")
    if platform is None:
        known = current_app.extensions["callers"].get(caller) if caller else None
        platform = known.platform if known else None
    if platform is None:
        raise ValidationError({"platform": [
            "Ce paramètre est obligatoire : indiquez parcoursup ou affelnet."]})
    today = args.get("today") or paris_today()
    academie = args.get("academie")
    campaigns = campaigns_for(platform, academie)
    given = args.get("formation_start")
    asked = args.get("campaign")
    if asked:
        campaign = next((c for c in campaigns if c.campaign == asked), None)
        if campaign is None:
            known = ", ".join(c.campaign for c in campaigns) or "aucune"
            raise ValidationError({"campaign": [
                f"Pas de calendrier {PLATFORM_TITLES[platform]} {asked[:4]}. "
                f"Campagnes disponibles : {known}."]})
        if given and not campaign.admits(given):
            raise ValidationError({"formation_start": [outside_message(platform, [campaign])]})
    else:
        campaign = choose_campaign(campaigns, given, today)
    if campaign is None:
        raise ValidationError({"formation_start": [outside_message(platform, campaigns)]})
    formation_start = given or campaign.default_formation_start
    steps = rules.timeline(campaign, formation_start, rules.LAW, step_titles(caller))
    where = rules.position(steps, platform, today)
    advice = fill(text_value(where.advice_key, caller),
                  {"date": french_date(where.advice_date) if where.advice_date else ""})
    return CalendarView(caller=caller, platform=platform, campaign=campaign,
                        formation_start=formation_start, formation_start_given=given is not None,
                        campaign_given=bool(asked),
                        academie=academie, today=today, steps=steps, position=where,
                        deadline=rules.next_deadline(steps, today), advice=advice)


def outside_message(platform: str, campaigns: list[Campaign]) -> str:
    title = PLATFORM_TITLES[platform]
    if not campaigns:
        return f"Aucun calendrier {title} n'est publié pour le moment."
    spans = " ; ".join(
        f"{c.title}, du {french_date(c.school_year_start)} au {french_date(c.school_year_end)}"
        for c in sorted(campaigns, key=lambda c: c.school_year_start))
    return ("Aucun calendrier n'est publié pour une formation qui commence à cette date. "
            f"Campagnes {title} disponibles : {spans}.")


def caller_from_args(args: dict) -> str | None:
    name = (args.get("caller") or "").strip().lower() or None
    if name and current_app.extensions["callers"].get(name) is None:
        raise ValidationError({"caller": [f"Plateforme appelante inconnue : « {name[:40]} »."]})
    return name


QUERY = CalendarQuery()   # built once: a schema's construction costs more than a load


def view_from_request() -> CalendarView:
    args = load_query(QUERY)
    return resolve_calendar(args, caller_from_args(args))


def calendar_json(view: CalendarView) -> dict:
    deadline = view.deadline
    return {
        "platform": view.platform,
        "campaign": view.campaign.campaign,
        "steps": [{"id": s.id, "title": s.title, "start": s.start.isoformat(),
                   "end": s.end.isoformat(), "status": view.status(s), "kind": s.kind}
                  for s in view.steps],
        "next_deadline": None if deadline is None else {
            "id": deadline.id, "date": deadline.date.isoformat(),
            "days_left": deadline.days_left},
        "advice": view.advice,
    }


_FILES: dict[str, bytes] = {}
_FILES_MAX = 512


def calendar_file(view: CalendarView) -> bytes:
    """The .ics bytes; cached by content, since building one costs ~10 ms of icalendar."""
    caller = view.caller
    scope = f"{view.platform}-{view.campaign.campaign}"
    if view.campaign.academie:
        scope += f"-{view.campaign.academie}"
    edges = {edge: text_value(f"calendar.ics.{edge}", caller) for edge in ("start", "end")}
    name = f"{view.campaign.title} et apprentissage"
    stamp = datetime.combine(view.updated, time(0), timezone.utc)
    # Everything the file is made of is in the key, so a published change is never stale.
    key = repr((view.steps, scope, name, stamp, edges))
    cached = _FILES.get(key)
    if cached is not None:
        return cached

    def summary(step: rules.Step, edge: str) -> str:
        text = step.title if edge == "day" else fill(edges[edge], {"title": step.title})
        return text + (" (date indicative)" if step.provisional else "")

    def describe(step: rules.Step) -> str:
        parts = [step.note] if step.note else []
        if step.source:
            parts.append(f"Source : {step.source['title']}.")
        return " ".join(parts)

    data = calendar_ics(view.steps, name=name, uid_scope=scope, stamp=stamp,
                        summary=summary, description=describe)
    if len(_FILES) >= _FILES_MAX:
        _FILES.clear()
    _FILES[key] = data
    return data


@bp.get("/calendar")
def calendar():
    """The timeline for a platform and a training start date, with today's position."""
    return jsonify(calendar_json(view_from_request()))


@bp.get("/calendar.ics")
def calendar_ics_file():
    """The same timeline as an iCalendar file to import into a personal calendar."""
    view = view_from_request()
    response = make_response(calendar_file(view))
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    filename = f"calendrier-{view.platform}-{view.campaign.campaign}.ics"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
