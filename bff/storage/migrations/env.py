"""Alembic environment: run with a connection handed over by ``bff.storage.upgrade``.

``flask --app bff db upgrade`` and the embedded default's start both go through
``bff.storage.upgrade``, so the URL always comes from the app's DATABASE_URL.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from bff.storage.models import Base
import bff.storage.partners  # noqa: F401  (the integration kit's table, for autogenerate)
import bff.market.storage  # noqa: F401  (the job market's snapshots, for autogenerate)

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported: run `flask --app bff db upgrade`")
run_migrations_online()
