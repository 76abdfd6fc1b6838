"""An instance's own defences (issue 17): the response headers of production, private
instance files, and the demo's loopback partner origins kept out of production."""
from __future__ import annotations

import os
import stat

import sqlalchemy as sa

from bff import create_app
from bff.callers import SEED_CALLERS, seed_callers
from bff.origins import is_loopback_source
from bff.security import PERMISSIONS_POLICY
from bff.storage import upgrade
from bff.storage.partners import Partner, loopback_origins

PAGES = ("/widgets/v1/guide?caller=parcoursup", "/api/v1/ping", "/admin/login", "/demo/",
         "/static/js/embed.js", "/integration")


def production_app(tmp_path, **config):
    return create_app({"TESTING": True, "BFF_ENV": "production",
                       "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
                       "DATABASE_AUTO_MIGRATE": True,
                       "PUBLIC_URL": "https://widgets.example.fr", **config})


def test_every_answer_refuses_powerful_features(client):
    for path in PAGES:
        response = client.get(path)
        assert response.headers["Permissions-Policy"] == PERMISSIONS_POLICY, path
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in response.headers["Permissions-Policy"]


def test_hsts_in_production_over_https_only(tmp_path, client):
    assert "Strict-Transport-Security" not in client.get("/widgets/v1/guide?caller=demo").headers
    app = production_app(tmp_path)
    secure = app.test_client()
    for path in PAGES:
        response = secure.get(path, base_url="https://widgets.example.fr")
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000", path
    off = production_app(tmp_path, HSTS_MAX_AGE=0).test_client()
    assert "Strict-Transport-Security" not in off.get(
        "/api/v1/ping", base_url="https://widgets.example.fr").headers


def test_instance_files_are_readable_by_their_owner_only(tmp_path):
    old = os.umask(0o022)
    try:
        instance = tmp_path / "instance"
        app = create_app({"TESTING": True, "BFF_INSTANCE_DIR": str(instance)})
        client = app.test_client()
        client.get("/admin/login")
        client.get("/widgets/v1/calendar?caller=parcoursup")
        names = sorted(p.name for p in instance.iterdir())
        assert {"apprentissage.sqlite3", "apprentissage.sqlite3-wal", "secret_key"} <= set(names)
        for path in instance.iterdir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, (path.name, oct(path.stat().st_mode))
        assert stat.S_IMODE(instance.stat().st_mode) == 0o700
        app.extensions["database"].dispose()
        # A file left world-readable by an older version is made private at the next start.
        (instance / "apprentissage.sqlite3").chmod(0o644)
        create_app({"TESTING": True, "BFF_INSTANCE_DIR": str(instance)}).test_client().get(
            "/widgets/v1/calendar?caller=parcoursup")
        assert stat.S_IMODE((instance / "apprentissage.sqlite3").stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_loopback_origins_are_the_demos_and_only_outside_production(tmp_path):
    assert [o for c in SEED_CALLERS for o in c.allowed_origins if is_loopback_source(o)]
    assert not [o for c in seed_callers(True) for o in c.allowed_origins
                if is_loopback_source(o)]
    assert {c.name for c in seed_callers(True)} == {c.name for c in SEED_CALLERS}
    for source, loopback in [("http://localhost:*", True), ("http://127.0.0.1:5000", True),
                             ("http://[::1]:8000", True), ("https://app.localhost", True),
                             ("http://localhost.evil.example", False),
                             ("https://www.parcoursup.gouv.fr", False)]:
        assert is_loopback_source(source) is loopback, source

    for production in (False, True):
        engine = sa.create_engine(f"sqlite:///{tmp_path / f'm{production}.sqlite3'}")
        upgrade(engine, production=production)
        with engine.connect() as connection:
            from sqlalchemy.orm import Session
            found = loopback_origins(Session(connection))
        engine.dispose()
        assert bool(found) is not production, found


def test_a_production_instance_ignores_loopback_origins_left_in_its_database(tmp_path):
    # A database migrated as in development (the demo's origins), served in production.
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    upgrade(engine)
    engine.dispose()
    app = production_app(tmp_path)
    client = app.test_client()
    page = client.get("/widgets/v1/guide?caller=parcoursup", base_url="https://widgets.example.fr")
    ancestors = page.headers["Content-Security-Policy"].split("frame-ancestors ")[1]
    assert "localhost" not in ancestors and "127.0.0.1" not in ancestors
    assert "https://www.parcoursup.gouv.fr" in ancestors
    api = client.get("/api/v1/ping?caller=parcoursup", base_url="https://widgets.example.fr",
                     headers={"Origin": "http://localhost:5000"})
    assert "Access-Control-Allow-Origin" not in api.headers
    # The demo caller keeps its own configurator ('self') and nothing else.
    demo = client.get("/widgets/v1/guide?caller=demo", base_url="https://widgets.example.fr")
    assert demo.headers["Content-Security-Policy"].endswith("frame-ancestors 'self'")
    with app.app_context():
        from bff.storage import database
        with database().session() as s:
            assert s.scalar(sa.select(sa.func.count()).select_from(Partner)) == 3


def test_chromium_knows_every_refused_feature(live_server, page):
    # An unknown feature name would be a console error on every page of ours.
    for path in ("/widgets/v1/guide?caller=demo", "/integration", "/admin/login"):
        page.goto(live_server + path)
        page.wait_for_load_state("load")
    policy_messages = [m.text for m in page.console_messages if "Permissions-Policy" in m.text
                       or "Permissions Policy" in m.text]
    assert policy_messages == []
    assert page.evaluate("document.featurePolicy ? document.featurePolicy.allowsFeature("
                         "'geolocation') : false") is False
