"""The calendar as the page, the API and the .ics file show it: the campaign chosen for
a training start date, the timeline, today's position and advice, and the .ics file.

Pure: the BFF passes the campaigns (published overrides or bundled files), today's date
in Paris and ``value_of(key)``, its text lookup.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from typing import Callable

from marshmallow import ValidationError

from widgets.calendar import rules
from widgets.calendar.campaigns import Campaign, choose_campaign
from widgets.calendar.dates import french_date
from widgets.calendar.ics import calendar_ics
from widgets.calendar.schema import PLATFORM_TITLES
from widgets.texts import TEXTS, fill

PLATFORM_REQUIRED = "Ce paramètre est obligatoire : indiquez parcoursup ou affelnet."


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


@dataclass(frozen=True)
class NowView:
    """The compact calendar (``view=now``, and the wish summary's first line): today's
    phase in one sentence, the next deadline, and whether to offer the one action that
    matters, "Trouver un employeur"."""
    phase: str
    sentence: str
    deadline: rules.Deadline | None
    deadline_title: str | None
    employer_search: bool
    provisional: bool

    def as_json(self) -> dict:
        deadline = self.deadline
        return {
            "phase": self.phase, "sentence": self.sentence,
            "employer_search": self.employer_search, "provisional": self.provisional,
            "next_deadline": None if deadline is None else {
                "id": deadline.id, "title": self.deadline_title,
                "date": deadline.date.isoformat(), "days_left": deadline.days_left},
        }


def employer_search_under_way(view: CalendarView, wish_made: bool = False) -> bool:
    """Whether the employer search runs today: from the wishes to the end of the grace
    period. Next to a wish (``wish_made``), it runs from that wish on, even before the
    platform's calendar says the wishes open (some trainings take wishes earlier or
    later): until the grace period ends."""
    step = view.step("employer_search")
    status = view.status(step)
    return status == rules.CURRENT or (wish_made and status == rules.UPCOMING)


def now_sentence(view: CalendarView, value_of: Callable[[str], str]) -> str:
    """Today's phase in one short sentence (``calendar.now.*``, the short form of the
    advice); a phase added as data without a short sentence keeps its advice."""
    key = view.position.advice_key.replace("calendar.advice.", "calendar.now.", 1)
    if key not in TEXTS:
        return view.advice
    day = view.position.advice_date
    return fill(value_of(key), {"date": french_date(day) if day else ""})


def now_view(view: CalendarView, value_of: Callable[[str], str],
             wish_made: bool = False) -> NowView:
    deadline = view.deadline
    return NowView(phase=view.position.phase, sentence=now_sentence(view, value_of),
                   deadline=deadline,
                   deadline_title=view.step(deadline.id).title if deadline else None,
                   employer_search=employer_search_under_way(view, wish_made),
                   provisional=view.campaign.provisional)


def step_titles(value_of: Callable[[str], str]) -> dict[str, str]:
    return {step: fill(value_of(f"calendar.step.{step}"), rules.step_context(step, rules.LAW))
            for step in rules.APPRENTICESHIP_STEPS}


def resolve_calendar(args: dict, *, caller: str | None, platform: str | None,
                     campaigns_for: Callable[[str, str | None], list[Campaign]],
                     value_of: Callable[[str], str], today: date) -> CalendarView:
    """The calendar the loaded parameters ``args`` ask for; ``platform`` is the caller's
    own, used when ``args`` names none. Raises ``ValidationError`` (French) otherwise."""
    platform = args.get("platform") or platform
    if platform is None:
        raise ValidationError({"platform": [PLATFORM_REQUIRED]})
    today = args.get("today") or today
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
    steps = rules.timeline(campaign, formation_start, rules.LAW, step_titles(value_of))
    where = rules.position(steps, platform, today)
    advice = fill(value_of(where.advice_key),
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


def calendar_file(view: CalendarView, value_of: Callable[[str], str]) -> bytes:
    """The timeline as .ics bytes (``calendar.ics.start``/``end`` texts title the edges).

    Building one costs ~10 ms of icalendar: the BFF's page micro-cache keeps the bytes
    of each URL for the published content version."""
    scope = f"{view.platform}-{view.campaign.campaign}"
    if view.campaign.academie:
        scope += f"-{view.campaign.academie}"
    texts = {edge: value_of(f"calendar.ics.{edge}") for edge in ("start", "end")}
    name = f"{view.campaign.title} et apprentissage"
    stamp = datetime.combine(view.updated, time(0), timezone.utc)

    def summary(step: rules.Step, edge: str) -> str:
        text = step.title if edge == "day" else fill(texts[edge], {"title": step.title})
        return text + (" (date indicative)" if step.provisional else "")

    def describe(step: rules.Step) -> str:
        parts = [step.note] if step.note else []
        if step.source:
            parts.append(f"Source : {step.source['title']}.")
        return " ".join(parts)

    return calendar_ics(view.steps, name=name, uid_scope=scope, stamp=stamp,
                        summary=summary, description=describe)
