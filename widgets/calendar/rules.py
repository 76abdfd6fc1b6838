"""Where a candidate stands: the platform's phases and the apprenticeship steps on one line.

Pure functions of dated data: a campaign, the training's start date and today.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from widgets.calendar.campaigns import DATA_DIR, Campaign
from widgets.calendar.dates import add_months
from widgets.calendar.schema import APPRENTICESHIP_STEPS
from widgets.texts import TEXTS, fill

PLATFORM, APPRENTICESHIP = "platform", "apprenticeship"
DONE, CURRENT, UPCOMING = "done", "current", "upcoming"


@dataclass(frozen=True)
class Law:
    """The Code du travail's timing rules, as dated data (``apprenticeship-rules.json``)."""
    contract_before_months: int
    grace_months: int
    updated: date
    sources: tuple[dict, ...]


def load_law() -> Law:
    data = json.loads((DATA_DIR / "apprenticeship-rules.json").read_text("utf-8"))
    before = data["contract_may_start_before_training_months"]
    grace = data["grace_period_months"]
    return Law(contract_before_months=before["value"], grace_months=grace["value"],
               updated=date.fromisoformat(data["updated"]),
               sources=(before["source"], grace["source"]))


LAW = load_law()


@dataclass(frozen=True)
class Step:
    id: str
    kind: str
    title: str
    start: date
    end: date
    source: dict | None = None
    provisional: bool = False
    note: str = ""

    def status(self, today: date) -> str:
        if self.end < today:
            return DONE
        return CURRENT if self.start <= today else UPCOMING

    @property
    def milestone(self) -> bool:
        return self.start == self.end


@dataclass(frozen=True)
class Deadline:
    id: str
    date: date
    days_left: int


@dataclass(frozen=True)
class Position:
    phase: str                 # which "what to do now" applies: before, wishes, ..., after
    focus: str | None          # the step marked aria-current, if any
    advice_key: str
    advice_date: date | None   # the date the advice sentence mentions


def default_titles(law: Law = LAW) -> dict[str, str]:
    """Apprenticeship step titles as written in the code (the BFF passes admins' versions)."""
    return {step: fill(TEXTS[f"calendar.step.{step}"].default, step_context(step, law))
            for step in APPRENTICESHIP_STEPS}


def step_context(step: str, law: Law = LAW) -> dict:
    """Values for the placeholders of an apprenticeship step's title."""
    if step == "contract_window":
        return {"months": law.contract_before_months}
    if step == "grace_period_end":
        return {"months": law.grace_months}
    return {}


def period_last_day(start: date, months: int) -> date:
    """The last day of a period of ``months`` months that starts on ``start``.

    1 September + 3 months ends on 30 November; a period starting on 30 November ends on
    the last day of February, as French law counts periods in months.
    """
    target = add_months(start, months)
    return target if target.day < start.day else target - timedelta(days=1)


def grace_period_last_day(formation_start: date, law: Law = LAW) -> date:
    """Last day the candidate may follow the training without a contract (L6222-12-1)."""
    return period_last_day(formation_start, law.grace_months)


def contract_earliest_start(formation_start: date, law: Law = LAW) -> date:
    """Earliest start of the contract: up to N months before the training (L6222-12)."""
    return add_months(formation_start, -law.contract_before_months)


def apprenticeship_steps(formation_start: date, search_from: date, law: Law = LAW,
                         titles: dict[str, str] | None = None) -> list[Step]:
    titles = titles or default_titles(law)
    deadline = grace_period_last_day(formation_start, law)
    sources = law.sources
    return [
        Step("employer_search", APPRENTICESHIP, titles["employer_search"],
             min(search_from, deadline), deadline, sources[1]),
        Step("contract_window", APPRENTICESHIP, titles["contract_window"],
             contract_earliest_start(formation_start, law), deadline, sources[0]),
        Step("training_start", APPRENTICESHIP, titles["training_start"],
             formation_start, formation_start),
        Step("grace_period_end", APPRENTICESHIP, titles["grace_period_end"],
             deadline, deadline, sources[1]),
    ]


def timeline(campaign: Campaign, formation_start: date, law: Law = LAW,
             titles: dict[str, str] | None = None) -> list[Step]:
    """Platform phases and apprenticeship steps, in the order they begin."""
    platform = [Step(p.id, PLATFORM, p.title, p.start, p.end, p.source, p.provisional, p.note)
                for p in campaign.phases]
    # The employer search starts with the wishes: the place is only final with a contract.
    wishes = campaign.phase("wishes") or campaign.phases[0]
    steps = platform + apprenticeship_steps(formation_start, wishes.start, law, titles)
    order = {step.id: index for index, step in enumerate(steps)}
    return sorted(steps, key=lambda s: (s.start, s.end, order[s.id]))


def next_deadline(steps: list[Step], today: date) -> Deadline | None:
    """The nearest step end on or after today, with the days left (0 on the day itself)."""
    ahead = [s for s in steps if s.end >= today]
    if not ahead:
        return None
    # On a shared end date, a one-day step (the deadline itself) names it best.
    step = min(ahead, key=lambda s: (s.end, not s.milestone))
    return Deadline(step.id, step.end, (step.end - today).days)


def position(steps: list[Step], platform: str, today: date) -> Position:
    """Which phase the candidate is in today, the step to highlight, and the advice to give."""
    by_id = {s.id: s for s in steps}
    training = by_id["training_start"].start
    deadline = by_id["grace_period_end"].end
    window = by_id["contract_window"]
    running = sorted((s for s in steps if s.kind == PLATFORM and s.start <= today <= s.end),
                     key=lambda s: s.end)

    def platform_phase(step: Step) -> Position:
        key = f"calendar.advice.{platform}.{step.id}"
        if key not in TEXTS:
            # A phase added as data has no sentence of its own yet: the search still applies.
            key = "calendar.advice.employer_search"
        return Position(step.id, step.id, key, step.end)

    if today < min(s.start for s in steps):
        wishes = by_id.get("wishes") or min(steps, key=lambda s: s.start)
        return Position("before", None, "calendar.advice.before", wishes.start)
    if today == training:
        return Position("training_start", "training_start", "calendar.advice.training_start",
                        deadline)
    if training < today <= deadline:
        return Position("grace_period", "contract_window", "calendar.advice.grace_period",
                        deadline)
    if running:
        return platform_phase(running[0])
    if today > deadline:
        return Position("after", None, "calendar.advice.after", None)
    if today >= window.start:
        return Position("contract_window", "contract_window", "calendar.advice.contract_window",
                        deadline)
    return Position("employer_search", "employer_search", "calendar.advice.employer_search",
                    deadline)
