"""Which guide entries an admin must check again: their review date has come or comes
within a month, or they still wait for an official source (status ``a_verifier``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from widgets.guide.entries import SECTION_BY_NAME, STATUS_LABELS, TO_VERIFY, Entry, all_entries

#: How far ahead the dashboard looks for review dates.
REVIEW_WINDOW_DAYS = 30


@dataclass(frozen=True)
class DueEntry:
    section: str          # fact, employer, scheme, faq, step
    section_label: str    # French, for the admin dashboard
    id: str
    title: str            # French default of the entry's first text
    text_keys: tuple[str, ...]
    checked_on: date
    review_by: date
    days_overdue: int     # negative: days left before the review date
    status: str = "verifie"
    status_label: str = "vérifiée"
    source_label: str = ""
    source_url: str | None = None
    note: str = ""


def _due(entry: Entry, on: date) -> DueEntry:
    spec = SECTION_BY_NAME[entry.section]
    source = entry.source_for("parcoursup") or entry.source_for("affelnet")
    return DueEntry(
        section=entry.section, section_label=spec.label, id=entry.id, title=entry.title,
        text_keys=tuple(entry.base_key(f) for f in spec.fields),
        checked_on=entry.checked_on, review_by=entry.review_by,
        days_overdue=(on - entry.review_by).days, status=entry.status,
        status_label=STATUS_LABELS[entry.status],
        source_label=source.label if source else "", source_url=source.url if source else None,
        note=entry.note)


def _everything():
    for items in all_entries().values():
        yield from items


def due_for_review(on: date) -> list[DueEntry]:
    """Entries whose review date is ``on`` or earlier, the most overdue first."""
    due = [_due(e, on) for e in _everything() if e.review_by <= on]
    return sorted(due, key=lambda d: (d.review_by, d.section, d.id))


def due_within(on: date, days: int = REVIEW_WINDOW_DAYS) -> list[DueEntry]:
    """Entries to review by ``on`` + ``days`` (overdue ones included), soonest first."""
    limit = on + timedelta(days=days)
    due = [_due(e, on) for e in _everything() if e.review_by <= limit]
    return sorted(due, key=lambda d: (d.review_by, d.section, d.id))


def to_verify(on: date) -> list[DueEntry]:
    """Entries not confirmed by an official source yet, by section then review date."""
    order = [spec for spec in SECTION_BY_NAME]
    waiting = [_due(e, on) for e in _everything() if e.status == TO_VERIFY]
    return sorted(waiting, key=lambda d: (order.index(d.section), d.review_by, d.id))


@dataclass(frozen=True)
class ReviewReport:
    """What the admin dashboard shows about the guide's facts."""
    on: date
    window_days: int
    due: list[DueEntry] = field(default_factory=list)
    unverified: list[DueEntry] = field(default_factory=list)

    @property
    def until(self) -> date:
        return self.on + timedelta(days=self.window_days)


def review_report(on: date, days: int = REVIEW_WINDOW_DAYS) -> ReviewReport:
    return ReviewReport(on, days, due_within(on, days), to_verify(on))
