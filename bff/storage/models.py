"""Tables of the admin's content: entries with their draft, published versions, users, audit.

An *entry* is one configurable thing in one scope: a text (``kind="text"``, ``key`` the
text key) or a campaign calendar (``kind="calendar"``, ``key`` "platform/campaign"),
for every caller (``scope="*"``) or for one caller (``scope`` its name). Its draft lives
on the row; every publication of it is an immutable ``EntryVersion``. ``revision``
increases on every change and is the optimistic-concurrency token the forms send back.

Adding a table (e.g. the integration kit's ``partners``): declare it on ``Base`` here
or in a module imported by ``bff.storage.migrations.env``, then add a migration file in
``bff/storage/migrations/versions/`` whose ``down_revision`` is the current head.
"""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ALL_SCOPE = "*"
KINDS = ("text", "calendar")
ROLES = ("editor", "publisher")


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Entry(Base):
    __tablename__ = "content_entries"
    __table_args__ = (sa.UniqueConstraint("kind", "key", "scope", name="uq_entry_kind_key_scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    key: Mapped[str] = mapped_column(sa.String(200))
    scope: Mapped[str] = mapped_column(sa.String(40))
    revision: Mapped[int] = mapped_column(default=1)
    # The draft: has_draft tells a pending draft apart; a draft value of None means
    # "back to the default" once published.
    has_draft: Mapped[bool] = mapped_column(default=False)
    draft_value: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    draft_author: Mapped[str | None] = mapped_column(sa.String(254), nullable=True)
    draft_updated_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # What widgets serve (None: no override, the default applies).
    published_value: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    published_number: Mapped[int] = mapped_column(default=0)

    versions: Mapped[list["EntryVersion"]] = relationship(
        back_populates="entry", order_by="EntryVersion.number", cascade="all, delete-orphan")


class Publication(Base):
    """One atomic publication (publish, rollback or import); its id is the content stamp."""
    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(sa.String(16))
    author: Mapped[str] = mapped_column(sa.String(254))
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EntryVersion(Base):
    __tablename__ = "entry_versions"
    __table_args__ = (sa.UniqueConstraint("entry_id", "number", name="uq_version_entry_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("content_entries.id", ondelete="CASCADE"))
    number: Mapped[int]
    value: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    publication_id: Mapped[int] = mapped_column(sa.ForeignKey("publications.id"))
    author: Mapped[str] = mapped_column(sa.String(254))
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    entry: Mapped[Entry] = relationship(back_populates="versions")


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(16))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Bumped on password or role change and deactivation: older sessions stop working.
    session_epoch: Mapped[int] = mapped_column(default=1)


class LoginFailure(Base):
    """Recent failed logins, per account and per client address, for the lockout."""
    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(sa.String(100), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(sa.String(254))
    action: Mapped[str] = mapped_column(sa.String(40))
    target: Mapped[str] = mapped_column(sa.String(300), default="")
    detail: Mapped[str] = mapped_column(sa.Text, default="")
