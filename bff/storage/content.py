"""Operations on content entries: drafts, atomic publication, rollback, snapshot, audit.

Every write checks the entry's ``revision`` with a conditional UPDATE, so two editors
saving from the same revision cannot overwrite each other: the second gets ``Conflict``.
Callers validate values before calling (see ``bff.admin.rules``).
"""
from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bff.storage.models import (ALL_SCOPE, AuditEvent, Entry, EntryVersion, Publication,
                                utcnow)


class Conflict(Exception):
    """Someone changed the entry since the form was shown; ``current`` is what is stored now."""

    def __init__(self, current: Entry | None):
        super().__init__("entry changed since it was read")
        self.current = current


class NothingToPublish(Exception):
    pass


def find_entry(s: Session, kind: str, key: str, scope: str = ALL_SCOPE) -> Entry | None:
    return s.scalar(sa.select(Entry).where(Entry.kind == kind, Entry.key == key,
                                           Entry.scope == scope))


def entries(s: Session, kind: str | None = None) -> list[Entry]:
    query = sa.select(Entry).order_by(Entry.kind, Entry.key, Entry.scope)
    if kind:
        query = query.where(Entry.kind == kind)
    return list(s.scalars(query))


def save_draft(s: Session, kind: str, key: str, scope: str, value: str | None,
               expected_revision: int, author: str) -> Entry:
    """Store ``value`` as the draft; ``expected_revision`` 0 means "did not exist"."""
    now = utcnow()
    if expected_revision == 0:
        existing = find_entry(s, kind, key, scope)
        if existing is not None:
            raise Conflict(existing)
        entry = Entry(kind=kind, key=key, scope=scope, revision=1, has_draft=True,
                      draft_value=value, draft_author=author, draft_updated_at=now)
        s.add(entry)
        try:
            s.flush()
        except IntegrityError:
            # Created by someone else in the meantime: this transaction is spoilt, the
            # caller re-reads what is stored in a new one.
            raise Conflict(None) from None
        return entry
    entry = _update_if_unchanged(s, kind, key, scope, expected_revision, has_draft=True,
                                 draft_value=value, draft_author=author,
                                 draft_updated_at=now)
    return entry


def discard_draft(s: Session, entry: Entry, expected_revision: int) -> Entry:
    return _update_if_unchanged(s, entry.kind, entry.key, entry.scope, expected_revision,
                                has_draft=False, draft_value=None, draft_author=None,
                                draft_updated_at=None)


def _update_if_unchanged(s: Session, kind, key, scope, expected_revision, **values) -> Entry:
    result = s.execute(
        sa.update(Entry)
        .where(Entry.kind == kind, Entry.key == key, Entry.scope == scope,
               Entry.revision == expected_revision)
        .values(revision=Entry.revision + 1, **values)
        .execution_options(synchronize_session=False))
    entry = find_entry(s, kind, key, scope)
    if entry is not None:
        s.refresh(entry)
    if result.rowcount != 1:
        raise Conflict(entry)
    return entry


def publish(s: Session, targets: list[tuple[int, int]], author: str, comment: str = "",
            action: str = "publish") -> Publication:
    """Publish the drafts of ``targets`` (entry id, revision seen) in one transaction."""
    entries_to_publish = []
    for entry_id, revision in targets:
        entry = s.get(Entry, entry_id, with_for_update=True, populate_existing=True)
        if entry is None or entry.revision != revision:
            raise Conflict(entry)
        if not entry.has_draft:
            raise NothingToPublish(entry.key)
        entries_to_publish.append(entry)
    if not entries_to_publish:
        raise NothingToPublish("")
    publication = _new_publication(s, action, author, comment)
    for entry in entries_to_publish:
        _publish_value(s, entry, entry.draft_value, publication, author, comment,
                       clear_draft=True)
    return publication


def rollback(s: Session, entry_id: int, number: int, expected_revision: int, author: str,
             comment: str = "") -> Publication:
    """Publish version ``number`` of an entry again, as a new version (a pending draft
    stays a draft: nobody's unpublished work is lost)."""
    entry = s.get(Entry, entry_id, with_for_update=True, populate_existing=True)
    if entry is None or entry.revision != expected_revision:
        raise Conflict(entry)
    old = s.scalar(sa.select(EntryVersion).where(EntryVersion.entry_id == entry_id,
                                                 EntryVersion.number == number))
    if old is None:
        raise LookupError(number)
    publication = _new_publication(s, "rollback", author, comment)
    _publish_value(s, entry, old.value, publication, author,
                   comment or f"Retour à la version {number}")
    return publication


def publish_values(s: Session, values: dict[tuple[str, str, str], str | None], author: str,
                   comment: str, action: str) -> Publication | None:
    """Make ``values`` the whole published content (import): one publication, or None
    when nothing changes. Entries absent from ``values`` go back to their default."""
    publication = None
    existing = {(e.kind, e.key, e.scope): e for e in entries(s)}
    wanted = dict(values)
    for identity, entry in existing.items():
        wanted.setdefault(identity, None)
    for (kind, key, scope), value in sorted(wanted.items(), key=lambda item: item[0]):
        entry = existing.get((kind, key, scope))
        if entry is not None and entry.published_value == value and not (
                entry.published_number == 0 and value is not None):
            continue
        if entry is None:
            if value is None:
                continue
            entry = Entry(kind=kind, key=key, scope=scope, revision=1)
            s.add(entry)
            s.flush()
        if publication is None:
            publication = _new_publication(s, action, author, comment)
        _publish_value(s, entry, value, publication, author, comment)
    return publication


def _new_publication(s: Session, action: str, author: str, comment: str) -> Publication:
    publication = Publication(action=action, author=author, comment=comment or "",
                              created_at=utcnow())
    s.add(publication)
    s.flush()
    return publication


def _publish_value(s: Session, entry: Entry, value, publication, author, comment,
                   clear_draft: bool = False) -> None:
    number = entry.published_number + 1
    s.add(EntryVersion(entry_id=entry.id, number=number, value=value,
                       publication_id=publication.id, author=author, comment=comment or "",
                       created_at=publication.created_at))
    entry.published_value = value
    entry.published_number = number
    if clear_draft:
        entry.has_draft = False
        entry.draft_value = None
        entry.draft_author = None
        entry.draft_updated_at = None
    entry.revision += 1
    s.flush()


def versions(s: Session, entry_id: int) -> list[EntryVersion]:
    return list(s.scalars(sa.select(EntryVersion).where(EntryVersion.entry_id == entry_id)
                          .order_by(EntryVersion.number.desc())))


def current_stamp(s: Session) -> int:
    """The id of the latest publication: changes whenever published content changes."""
    return s.scalar(sa.select(sa.func.max(Publication.id))) or 0


def published_snapshot(s: Session) -> tuple[int, dict, dict]:
    """(stamp, texts {(key, scope): value}, calendars {(key, scope): document})."""
    stamp = current_stamp(s)
    texts, calendars = {}, {}
    rows = s.execute(sa.select(Entry.kind, Entry.key, Entry.scope, Entry.published_value)
                     .where(Entry.published_value.is_not(None)))
    for kind, key, scope, value in rows:
        if kind == "text":
            texts[(key, scope)] = value
        elif kind == "calendar":
            calendars[(key, scope)] = json.loads(value)
    return stamp, texts, calendars


def audit(s: Session, actor: str, action: str, target: str = "", detail: str = "") -> None:
    s.add(AuditEvent(actor=actor, action=action, target=target[:300], detail=detail,
                     created_at=utcnow()))


def audit_events(s: Session, limit: int = 200) -> list[AuditEvent]:
    return list(s.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)))
