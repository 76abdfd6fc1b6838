"""Which guide entries an admin must check again: their review date has come."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from widgets.guide.entries import SECTION_BY_NAME, all_entries


@dataclass(frozen=True)
class DueEntry:
    section: str          # fact, scheme, faq, step
    section_label: str    # French, for the admin dashboard
    id: str
    title: str            # French default of the entry's first text
    text_keys: tuple[str, ...]
    checked_on: date
    review_by: date
    days_overdue: int


def due_for_review(on: date) -> list[DueEntry]:
    """Entries whose review date is ``on`` or earlier, the most overdue first."""
    due = []
    for section, items in all_entries().items():
        spec = SECTION_BY_NAME[section]
        for entry in items:
            if entry.review_by <= on:
                due.append(DueEntry(
                    section=section, section_label=spec.label, id=entry.id, title=entry.title,
                    text_keys=tuple(entry.base_key(f) for f in spec.fields),
                    checked_on=entry.checked_on, review_by=entry.review_by,
                    days_overdue=(on - entry.review_by).days))
    return sorted(due, key=lambda d: (d.review_by, d.section, d.id))
