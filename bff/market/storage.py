"""The ``market_snapshots`` table: every refresh of the job-market snapshot, kept or failed.

A successful refresh stores the serialised snapshot (``payload``, a few MB) with its
export date; a failed one stores its error and no payload. Every process serves the
newest row with ``status = 'ok'``; its id is the stamp processes compare every few
seconds. Only the last ``KEEP_PAYLOADS`` payloads are kept; older rows stay as history.
Migration 0004 creates the table.
"""
from __future__ import annotations

import json
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from bff.storage.models import Base, utcnow

OK, FAILED = "ok", "failed"
KEEP_PAYLOADS = 3


class MarketSnapshot(Base):
    __tablename__ = "market_snapshots"
    __table_args__ = (sa.Index("ix_market_snapshots_status_id", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(sa.String(16))
    source: Mapped[str] = mapped_column(sa.String(40))
    as_of: Mapped[str | None] = mapped_column(sa.String(10), nullable=True)
    stats: Mapped[str] = mapped_column(sa.Text, default="{}")
    error: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    size: Mapped[int] = mapped_column(default=0)
    payload: Mapped[bytes | None] = mapped_column(sa.LargeBinary, nullable=True)


def latest_ok_id(session: Session) -> int | None:
    """The stamp: one indexed lookup, cheap enough to run every few seconds."""
    return session.scalar(sa.select(sa.func.max(MarketSnapshot.id)).where(
        MarketSnapshot.status == OK, MarketSnapshot.payload.is_not(None)))


def payload_of(session: Session, snapshot_id: int) -> bytes | None:
    return session.scalar(sa.select(MarketSnapshot.payload).where(
        MarketSnapshot.id == snapshot_id))


def last_attempt(session: Session) -> dict | None:
    row = session.execute(sa.select(
        MarketSnapshot.id, MarketSnapshot.created_at, MarketSnapshot.status,
        MarketSnapshot.source, MarketSnapshot.as_of, MarketSnapshot.error)
        .order_by(MarketSnapshot.id.desc()).limit(1)).first()
    if row is None:
        return None
    return {"id": row.id, "at": row.created_at.isoformat(timespec="seconds") + "Z",
            "status": row.status, "source": row.source, "as_of": row.as_of,
            "error": row.error}


def record_success(session: Session, *, source: str, as_of: str, stats: dict,
                   payload: bytes) -> int:
    row = MarketSnapshot(status=OK, source=source, as_of=as_of, stats=json.dumps(stats),
                         size=len(payload), payload=payload)
    session.add(row)
    session.flush()
    kept = session.scalars(sa.select(MarketSnapshot.id).where(
        MarketSnapshot.status == OK, MarketSnapshot.payload.is_not(None))
        .order_by(MarketSnapshot.id.desc()).limit(KEEP_PAYLOADS)).all()
    session.execute(sa.update(MarketSnapshot).where(
        MarketSnapshot.payload.is_not(None), MarketSnapshot.id.not_in(kept))
        .values(payload=None))
    return row.id


def record_failure(session: Session, *, source: str, error: str, stats: dict | None = None) -> int:
    row = MarketSnapshot(status=FAILED, source=source, error=error[:2000],
                         stats=json.dumps(stats or {}), size=0, payload=None)
    session.add(row)
    session.flush()
    return row.id
