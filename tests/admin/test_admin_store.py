"""The storage layer on real SQLite and PostgreSQL: publication, propagation to another
app instance within 5 s, concurrency, and widgets that keep serving without a database."""
from __future__ import annotations

import time
import uuid

import pytest
import sqlalchemy as sa
from admin_helpers import AdminClient, admin_config
from bff import create_app
from bff.storage import Database, database
from bff.storage.content import Conflict, publish, rollback, save_draft, versions
from bff.context import text_value

KEY = "calendar.intro"
WIDGET = "/widgets/v1/calendar?caller=affelnet"


@pytest.fixture
def pg_schema_url(postgres_url):
    """A fresh schema of the session's PostgreSQL database, dropped after the test."""
    schema = f"s_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    yield f"{postgres_url}?options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return request.getfixturevalue("pg_schema_url")


def make_app(url, **extra):
    return create_app(admin_config(url, **extra))


def publish_text(app, value, scope="*", author="pub@example.fr"):
    with app.app_context(), database().session() as s:
        from bff.storage.content import find_entry
        entry = find_entry(s, "text", KEY, scope)
        entry = save_draft(s, "text", KEY, scope, value, entry.revision if entry else 0, author)
        publish(s, [(entry.id, entry.revision)], author, "test")


def served(app, caller="affelnet"):
    with app.test_request_context(f"/widgets/v1/calendar?caller={caller}"):
        app.preprocess_request()   # resolves the request context, as for a real request
        return text_value(KEY)


def test_drafts_versions_and_rollback_on_both_databases(database_url):
    app = make_app(database_url)
    with app.app_context():
        with database().session() as s:
            entry = save_draft(s, "text", KEY, "*", "Un", 0, "a@example.fr")
            publish(s, [(entry.id, entry.revision)], "a@example.fr", "premier")
        with database().session() as s:
            entry = save_draft(s, "text", KEY, "*", "Deux", entry.revision, "b@example.fr")
            publish(s, [(entry.id, entry.revision)], "b@example.fr", "second")
        # A save from a stale revision is a conflict, whatever the database.
        with pytest.raises(Conflict), database().session() as s:
            save_draft(s, "text", KEY, "*", "Périmé", 1, "c@example.fr")
        with pytest.raises(Conflict), database().session() as s:
            save_draft(s, "text", KEY, "*", "Doublon", 0, "c@example.fr")
        with database().session() as s:
            current = s.get(type(entry), entry.id)
            rollback(s, entry.id, 1, current.revision, "a@example.fr")
        with database().session() as s:
            history = versions(s, entry.id)
    assert [(v.number, v.value, v.author) for v in history] == [
        (3, "Un", "a@example.fr"), (2, "Deux", "b@example.fr"), (1, "Un", "a@example.fr")]
    assert served(app) == "Un"
    app.extensions["database"].dispose()


def test_a_failed_publication_publishes_nothing(database_url):
    app = make_app(database_url)
    with app.app_context():
        with database().session() as s:
            first = save_draft(s, "text", KEY, "*", "Premier", 0, "a@example.fr")
            second = save_draft(s, "text", KEY, "parcoursup", "Second", 0, "a@example.fr")
            ids = [(first.id, first.revision), (second.id, second.revision - 1)]
        with pytest.raises(Conflict), database().session() as s:
            publish(s, ids, "a@example.fr")
        with database().session() as s:
            rows = s.execute(sa.text("SELECT count(*) FROM entry_versions")).scalar()
    assert rows == 0
    assert served(app) != "Premier"
    app.extensions["database"].dispose()


@pytest.mark.postgres
def test_publication_reaches_a_second_instance_within_5_seconds(pg_schema_url):
    url = pg_schema_url
    first = make_app(url, CONTENT_REFRESH_SECONDS=2)
    second = make_app(url, CONTENT_REFRESH_SECONDS=2)
    widget = second.test_client()
    before = widget.get(WIDGET)
    assert before.status_code == 200
    marker = f"Publié depuis l'instance 1 ({uuid.uuid4().hex[:6]})."
    publish_text(first, marker)
    started = time.monotonic()
    while marker.replace("'", "&#39;") not in widget.get(WIDGET).get_data(as_text=True):
        assert time.monotonic() - started < 5, "not served by the second instance within 5 s"
        time.sleep(0.2)
    after = widget.get(WIDGET)
    assert after.headers["ETag"] != before.headers["ETag"]
    for app in (first, second):
        app.extensions["database"].dispose()


def test_widgets_keep_serving_when_the_database_is_unreachable(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'ok.sqlite3'}", CONTENT_REFRESH_SECONDS=0)
    publish_text(app, "Dernier texte publié connu.")
    client = app.test_client()
    assert "Dernier texte publié connu." in client.get(WIDGET).get_data(as_text=True)
    store = app.extensions["content_store"]
    assert store.healthy()
    # The database goes away: a real PostgreSQL URL on a port where nothing listens.
    store.db = Database("postgresql+psycopg://postgres@127.0.0.1:9/none", auto_migrate=False)
    store._next_check = 0
    response = client.get(WIDGET)
    assert response.status_code == 200
    assert "Dernier texte publié connu." in response.get_data(as_text=True)
    assert store.last_error and not store.healthy()


def test_a_cold_start_without_database_serves_the_defaults(tmp_path):
    app = make_app("postgresql+psycopg://postgres@127.0.0.1:9/none",
                   DATABASE_AUTO_MIGRATE=False)
    response = app.test_client().get(WIDGET)
    assert response.status_code == 200
    assert "la place ne devient définitive" in response.get_data(as_text=True)
    from flask import url_for

    from widgets.registry import WIDGETS
    with app.test_request_context():
        pages = [url_for(spec.endpoint, caller="parcoursup") for spec in WIDGETS.values()]
    for url in pages:
        assert app.test_client().get(url).status_code == 200, url
    # The admin says so clearly instead of failing.
    admin = AdminClient(app).login("pub@example.fr")
    assert admin.status_code == 503
    assert "La base de données ne répond pas" in admin.get_data(as_text=True)


def _migrate(url):
    from bff.storage import _create_engine, upgrade
    upgrade(_create_engine(url))


def test_workers_starting_together_migrate_one_after_the_other(tmp_path):
    import multiprocessing

    url = f"sqlite:///{tmp_path / 'race.sqlite3'}"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_migrate, args=(url,)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        # One row: the migrations ran once, to the head, without a half-applied second run.
        assert len(connection.execute(sa.text("SELECT version_num FROM alembic_version")).all()) == 1
        assert "content_entries" in sa.inspect(connection).get_table_names()
    engine.dispose()


def test_platform_scope_migration_moves_the_guides_platform_overrides(tmp_path):
    """A database written before revision 0003: the guide read an override saved for the
    caller named "affelnet" as Affelnet's wording for every partner; after the migration
    it is the platform's override, with its history, and other widgets' texts stay the
    caller's."""
    import sqlalchemy as sa

    from bff.storage import _create_engine, upgrade
    from bff.storage.models import Entry, EntryVersion

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = _create_engine(url)
    upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO publications (id, created_at, action, author, comment) "
            "VALUES (1, '2026-01-01', 'publish', 'pub@example.fr', '')"))
        for entry_id, key, scope in ((1, "guide.fact.pay.title", "affelnet"),
                                     (2, "calendar.intro", "affelnet"),
                                     (3, "guide.fact.pay.title", "demo")):
            conn.execute(sa.text(
                "INSERT INTO content_entries (id, kind, key, scope, revision, has_draft, "
                "published_value, published_number) VALUES (:i, 'text', :k, :s, 2, 0, :v, 1)"),
                {"i": entry_id, "k": key, "s": scope, "v": f"{key} pour {scope}"})
            conn.execute(sa.text(
                "INSERT INTO entry_versions (entry_id, number, value, publication_id, author, "
                "comment, created_at) VALUES (:i, 1, :v, 1, 'pub@example.fr', '', "
                "'2026-01-01')"), {"i": entry_id, "v": f"{key} pour {scope}"})
    upgrade(engine)
    with engine.connect() as conn:
        scopes = dict(conn.execute(sa.select(Entry.id, Entry.scope)).all())
        kept = conn.execute(sa.select(EntryVersion.entry_id, EntryVersion.value)).all()
    assert scopes == {1: "platform:affelnet", 2: "affelnet", 3: "demo"}
    assert (1, "guide.fact.pay.title pour affelnet") in kept

    app = make_app(url)
    demo = app.test_client().get(
        "/widgets/v1/guide?caller=demo&platform=affelnet").get_data(as_text=True)
    assert "guide.fact.pay.title pour demo" in demo
    other = app.test_client().get("/widgets/v1/guide?caller=parcoursup&platform=affelnet")
    assert "guide.fact.pay.title pour affelnet" in other.get_data(as_text=True)
    engine.dispose()
