"""The ``partners`` table: platforms allowed to embed the widgets (the callers).

Managed in the admin by publishers (bff/admin/partners.py), read by
``bff.callers.DatabaseCallerRegistry``. Migration 0002 creates it with the seeds.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from bff.storage.models import Base, utcnow


class Partner(Base):
    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(40), unique=True)
    label: Mapped[str] = mapped_column(sa.String(80))
    platform: Mapped[str | None] = mapped_column(sa.String(20), nullable=True)
    # One CSP host-source per line (https://example.fr, http://localhost:*).
    allowed_origins: Mapped[str] = mapped_column(sa.Text, default="")
    primary_color: Mapped[str | None] = mapped_column(sa.String(7), nullable=True)
    scheme: Mapped[str | None] = mapped_column(sa.String(10), nullable=True)
    active: Mapped[bool] = mapped_column(default=True)
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def origins(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.allowed_origins.splitlines() if line.strip())
