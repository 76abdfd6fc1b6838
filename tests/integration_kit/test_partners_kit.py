"""Partners (callers) in the database: seeds, admin management, and what the widgets and
the API do with them (frame-ancestors, CORS), including when the database is down."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from bff import create_app
from bff.callers import DatabaseCallerRegistry
from bff.storage import Database, alembic_config, database
from bff.storage.partners import Partner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "admin"))
from admin_helpers import admin_app_with_accounts, logged_in  # noqa: E402

WIDGET = "/widgets/v1/calendar?platform=parcoursup&caller="


@pytest.fixture
def admin_app(tmp_path):
    app = admin_app_with_accounts(tmp_path / 'p.sqlite3', CALLERS_REFRESH_SECONDS=60)
    yield app
    app.extensions["database"].dispose()


@pytest.fixture
def publisher(admin_app):
    return logged_in(admin_app, "pub@example.fr")


def frame_ancestors(client, caller):
    csp = client.get(WIDGET + caller).headers["Content-Security-Policy"]
    return next(d for d in csp.split("; ") if d.startswith("frame-ancestors"))


def test_migrations_have_one_head():
    from alembic.script import ScriptDirectory
    assert len(ScriptDirectory.from_config(alembic_config()).get_heads()) == 1


@pytest.mark.postgres
def test_migration_seeds_the_partners_on_postgresql(postgres_url):
    from bff.storage import upgrade
    db = Database(postgres_url, auto_migrate=False)
    upgrade(db.engine)
    with db.session() as s:
        rows = {p.name: p for p in s.scalars(sa.select(Partner))}
    db.dispose()
    assert {"parcoursup", "affelnet", "demo"} <= set(rows)
    assert "https://dossierappel.parcoursup.fr" in rows["parcoursup"].origins
    assert "http://localhost:*" in rows["demo"].origins
    assert rows["affelnet"].platform == "affelnet" and rows["demo"].platform is None


def test_publisher_adds_a_partner_and_its_origins_frame_the_widgets(admin_app, publisher):
    client = admin_app.test_client()
    assert client.get(WIDGET + "onisep").status_code == 400        # not registered yet
    publisher.get("/admin/partenaires")
    response = publisher.post("/admin/partenaires", {
        "name": "onisep", "label": "Onisep", "platform": "affelnet",
        "allowed_origins": "https://www.onisep.fr\nhttps://*.onisep.fr",
        "primary_color": "#6A1B9A", "scheme": "dark"})
    assert response.status_code == 302
    assert frame_ancestors(client, "onisep") == (
        "frame-ancestors 'self' https://www.onisep.fr https://*.onisep.fr")
    page = client.get(WIDGET + "onisep").get_data(as_text=True)
    assert 'data-fr-theme="dark"' in page and "theme.css?primary=%236a1b9a" in page
    allowed = client.get("/api/v1/ping?caller=onisep", headers={"Origin": "https://a.onisep.fr"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://a.onisep.fr"
    refused = client.get("/api/v1/ping?caller=onisep", headers={"Origin": "http://localhost:5000"})
    assert "Access-Control-Allow-Origin" not in refused.headers
    assert "Origin" in refused.headers["Vary"]
    listing = publisher.get("/admin/partenaires").get_data(as_text=True)
    assert "onisep" in listing and "https://*.onisep.fr" in listing
    journal = publisher.get("/admin/journal").get_data(as_text=True)
    assert "partner-create" in journal


@pytest.mark.parametrize("field, value, message", [
    ("primary_color", "#ffff00", "Contraste de 1,07:1 avec le blanc"),
    ("primary_color", "violet", "#rrggbb"),
    ("allowed_origins", "https://www.onisep.fr/page", "Origine mal formée"),
    ("allowed_origins", "onisep.fr", "Origine mal formée"),
    ("name", "Onisep!", "Identifiant"),
])
def test_bad_partner_forms_are_refused_in_french_and_keep_the_input(
        admin_app, publisher, field, value, message):
    form = {"name": "onisep", "label": "Onisep", "platform": "", "scheme": "",
            "allowed_origins": "https://www.onisep.fr", "primary_color": ""}
    form[field] = value
    publisher.get("/admin/partenaires")
    response = publisher.post("/admin/partenaires", form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html
    assert 'aria-invalid="true"' in html and "Onisep" in html
    with admin_app.app_context(), database().session() as s:
        assert s.scalar(sa.select(Partner).where(Partner.name == "onisep")) is None


def test_editing_origins_and_deactivating_apply_at_once(admin_app, publisher):
    client = admin_app.test_client()
    assert "http://localhost:*" in frame_ancestors(client, "affelnet")
    page = publisher.get("/admin/partenaires/affelnet").get_data(as_text=True)
    revision = page.split('name="revision" value="')[1].split('"')[0]
    response = publisher.post("/admin/partenaires/affelnet", {
        "action": "save", "revision": revision, "label": "Affelnet lycée",
        "platform": "affelnet", "allowed_origins": "https://affectation3e.phm.education.gouv.fr",
        "primary_color": "", "scheme": ""})
    assert response.status_code == 302
    assert frame_ancestors(client, "affelnet") == (
        "frame-ancestors 'self' https://affectation3e.phm.education.gouv.fr")
    stale = publisher.post("/admin/partenaires/affelnet", {
        "action": "deactivate", "revision": revision})
    assert stale.status_code == 302                       # refused: the form was outdated
    assert client.get(WIDGET + "affelnet").status_code == 200
    publisher.get("/admin/partenaires/affelnet")
    publisher.post("/admin/partenaires/affelnet", {"action": "deactivate",
                                                   "revision": str(int(revision) + 1)})
    refused = client.get(WIDGET + "affelnet")
    assert refused.status_code == 400 and "n&#39;est pas enregistrée" in refused.get_data(as_text=True)


def test_partner_pages_are_for_publishers_only(admin_app):
    editor = logged_in(admin_app, "red@example.fr")
    assert editor.get("/admin/partenaires").status_code == 403
    assert editor.post("/admin/partenaires", {"name": "x1", "label": "X"}).status_code == 403


def test_widgets_fall_back_to_the_seeds_when_the_database_is_unreachable(tmp_path):
    app = create_app({"TESTING": True, "CACHE_TYPE": "SimpleCache",
                      "DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:9/none"})
    registry = app.extensions["callers"]
    assert isinstance(registry, DatabaseCallerRegistry)
    client = app.test_client()
    response = client.get(WIDGET + "parcoursup")
    assert response.status_code == 200
    assert "https://dossierappel.parcoursup.fr" in response.headers["Content-Security-Policy"]
    assert registry.last_error == "OperationalError"


def test_registry_keeps_its_last_snapshot_when_the_database_goes_away(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'r.sqlite3'}",
                      "CALLERS_REFRESH_SECONDS": 0})
    with app.app_context(), database().session() as s:
        s.add(Partner(name="onisep", label="Onisep", allowed_origins="https://www.onisep.fr"))
    registry = app.extensions["callers"]
    assert registry.get("onisep").allowed_origins == ("https://www.onisep.fr",)
    registry.db = Database("postgresql+psycopg://postgres@127.0.0.1:9/none", auto_migrate=False)
    assert registry.get("onisep").allowed_origins == ("https://www.onisep.fr",)
    assert registry.last_error == "OperationalError"


def test_a_slow_database_never_holds_widget_requests(tmp_path):
    """A server that accepts connections and never answers: one thread waits for its
    connect timeout, the other requests go on with the snapshot at once."""
    import socket
    import threading
    import time

    blackhole = socket.socket()
    blackhole.bind(("127.0.0.1", 0))
    blackhole.listen(16)
    port = blackhole.getsockname()[1]
    try:
        registry = DatabaseCallerRegistry(
            Database(f"postgresql+psycopg://postgres@127.0.0.1:{port}/none", auto_migrate=False),
            refresh_seconds=60, retry_seconds=0)
        registry._attempted = True            # past the cold start: a snapshot is being served
        loader = threading.Thread(target=registry.get, args=("parcoursup",))
        loader.start()
        time.sleep(0.3)
        assert loader.is_alive()                       # stuck in the database's connect
        started = time.monotonic()
        assert registry.get("affelnet").platform == "affelnet"
        assert time.monotonic() - started < 0.2
        loader.join(10)
        assert registry.last_error is not None
    finally:
        blackhole.close()
