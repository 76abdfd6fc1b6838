"""The ``partners`` table: platforms allowed to embed the widgets (the callers).

Managed in the admin by publishers (bff/admin/partners.py), read by
``bff.callers.DatabaseCallerRegistry``. Migration 0002 creates it with the seeds. Below:
the production start-up check of loopback origins and the command that removes them.
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


# -- loopback origins in production ------------------------------------------------------
DROP_COMMAND = "flask --app bff partners drop-local-origins"


def loopback_origins(s) -> dict[str, list[str]]:
    """{partner name: its loopback origins} for every partner that has some (the demo's
    ``http://localhost:*``...), active or not: a deactivated one can be reactivated."""
    from bff.origins import is_loopback_source

    found = {}
    for partner in s.scalars(sa.select(Partner).order_by(Partner.name)):
        local = [o for o in partner.origins if is_loopback_source(o)]
        if local:
            found[partner.name] = local
    return found


def drop_loopback_origins(s, actor: str) -> dict[str, list[str]]:
    """Remove every partner's loopback origins (audited); returns what was removed."""
    from bff.origins import is_loopback_source
    from bff.storage.content import audit

    removed = loopback_origins(s)
    for partner in s.scalars(sa.select(Partner).where(Partner.name.in_(list(removed)))):
        partner.allowed_origins = "\n".join(o for o in partner.origins
                                            if not is_loopback_source(o))
        partner.revision += 1
        partner.updated_at = utcnow()
        audit(s, actor, "partner-save", partner.name,
              "origines locales retirées : " + ", ".join(removed[partner.name]))
    return removed


def check_production_partners(env) -> tuple[bool, str | None]:
    """The start-up check of a production instance (gunicorn's master runs it before any
    worker): (False, a message naming each partner and the fix) when the database holds
    loopback origins. An unreachable or not yet migrated database is not a refusal (the
    instance serves what it can, and its registry ignores such origins anyway): (True, a
    note saying the check was skipped)."""
    from bff import settings

    values = settings.from_environment(env)
    if values.get("BFF_ENV") != "production" or not values.get("DATABASE_URL"):
        return True, None
    engine = sa.create_engine(values["DATABASE_URL"],
                              connect_args={"connect_timeout": 3}
                              if values["DATABASE_URL"].startswith("postgresql") else {})
    try:
        with engine.connect() as connection:
            if not sa.inspect(connection).has_table(Partner.__tablename__):
                return True, "start-up check of the partners' origins skipped: no partners table"
            from sqlalchemy.orm import Session
            with Session(connection) as s:
                found = loopback_origins(s)
    except sa.exc.SQLAlchemyError as error:
        return True, (f"start-up check of the partners' origins skipped: database "
                      f"unreachable ({error.__class__.__name__})")
    finally:
        engine.dispose()
    if not found:
        return True, None
    listed = "; ".join(f"{name}: {', '.join(origins)}" for name, origins in found.items())
    return False, ("Partners allow loopback origins (the demo's localhost seeds), which "
                   f"production refuses: {listed}.\nRemove them with `{DROP_COMMAND}` (or in "
                   "the admin, Partenaires), then start again.")
