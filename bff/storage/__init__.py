"""Storage of admin content: SQLAlchemy engine and sessions from DATABASE_URL, migrations.

Embedded default: a SQLite file in ``instance/``, created and migrated on first start.
Production: ``postgresql+psycopg://...``, migrated by ``flask --app bff db upgrade``
(set ``DATABASE_AUTO_MIGRATE=1`` to migrate on start there too).

Other parts reach the database through ``database()`` (``with database().session() as s``);
see ``bff.storage.models`` for how to add a table and its migration.
"""
from __future__ import annotations

import logging
import os
import threading
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger("bff.storage")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class Database:
    """One engine and session factory per app; migrations run at most once."""

    def __init__(self, url: str, auto_migrate: bool, production: bool = False):
        self.url = url
        self.auto_migrate = auto_migrate
        self.production = production
        self._engine: sa.Engine | None = None
        self._sessions: sessionmaker | None = None
        self._migrated = False
        self._lock = threading.Lock()

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def engine(self) -> sa.Engine:
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine = _create_engine(self.url)
                    self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        return self._engine

    def ready(self) -> None:
        """Migrate on first use when asked to (embedded default); cheap afterwards."""
        self.engine
        if self.auto_migrate and not self._migrated:
            with self._lock:
                if not self._migrated:
                    upgrade(self.engine, production=self.production)
                    self._migrated = True

    @contextmanager
    def session(self):
        """A session in a transaction: committed on success, rolled back on error."""
        self.ready()
        session: Session = self._sessions()
        try:
            with session.begin():
                yield session
        finally:
            session.close()

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def private_sqlite_file(path: Path) -> None:
    """Create the SQLite file readable by its owner only (it holds password hashes and the
    audit log), or make an existing one so. SQLite gives its -wal and -shm files the
    database file's permissions; existing ones are made private too."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    except OSError:
        return  # read-only folder: SQLite will say so itself
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        try:
            if file.stat().st_mode & 0o077:
                file.chmod(0o600)
        except OSError:
            continue  # absent, or not ours


def _create_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:" and not path.startswith("file:"):
            private_sqlite_file(Path(path))
        engine = sa.create_engine(url, connect_args={"timeout": 15})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            # WAL lets widget reads go on while the admin writes; FKs are off by default.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
        return engine
    # A short connect timeout: widgets fall back to what they know rather than hang.
    return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 3})


def alembic_config(connection=None, production: bool = False):
    from alembic.config import Config
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    # Read by migrations whose seeds differ in production (0002: no localhost origins).
    config.attributes["production"] = production
    return config


def upgrade(engine: sa.Engine, revision: str = "head", production: bool = False) -> None:
    from alembic import command
    with _migration_lock(engine):
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Instances starting together migrate one after the other.
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(5050505)"))
            command.upgrade(alembic_config(connection, production), revision)
    log.info("database migrated to %s", revision)


@contextmanager
def _migration_lock(engine: sa.Engine):
    """Several workers starting on one SQLite file migrate one after the other."""
    database_path = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
    if not database_path or database_path == ":memory:":
        yield
        return
    import fcntl
    descriptor = os.open(f"{database_path}.migrate.lock", os.O_WRONLY | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def init_app(app: Flask) -> Database:
    url = app.config["DATABASE_URL"]
    db = Database(url, bool(app.config["DATABASE_AUTO_MIGRATE"]),
                  production=app.config["BFF_ENV"] == "production")
    app.extensions["database"] = db
    _register_cli(app)
    return db


def database() -> Database:
    return current_app.extensions["database"]


def _register_cli(app: Flask) -> None:
    import click
    from flask.cli import AppGroup

    group = AppGroup("db", help="Base de données : migrations.")

    @group.command("upgrade")
    @click.option("--revision", default="head", show_default=True)
    def upgrade_command(revision):
        """Apply the migrations to DATABASE_URL."""
        db = app.extensions["database"]
        upgrade(db.engine, revision, production=db.production)
        click.echo(f"Base de données à jour ({revision}).")

    app.cli.add_command(group)
