"""Saving an editor's draft, the same way for texts and calendars."""
from __future__ import annotations

from bff.admin import current_user
from bff.storage import database
from bff.storage.content import Conflict, audit, find_entry, save_draft
from bff.storage.models import Entry


def save_audited_draft(kind: str, key: str, scope: str, value: str | None, revision: int,
                       target: str) -> Entry | None:
    """Save and audit a draft made from ``revision``.

    Returns None when saved. When someone saved the entry since ``revision``, nothing is
    overwritten: the conflict is audited and the entry as it now stands is returned, so
    the editor sees both versions.
    """
    email = current_user().email
    try:
        with database().session() as s:
            save_draft(s, kind, key, scope, value, revision, email)
            audit(s, email, "draft-save", target, "" if value is None else value[:500])
        return None
    except Conflict:
        with database().session() as s:
            entry = find_entry(s, kind, key, scope)
            audit(s, email, "draft-conflict", target)
        return entry
