"""Shared fixtures: the app on embedded defaults, live servers on loopback, real Chromium.

Browser tests need two origins: the BFF serves widgets on one port, and
``host_server`` serves the embedding page on another.
"""
from __future__ import annotations

import os
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

# The tests never open the demo's instance folder (its SQLite file, its secret key): every
# app of this session, gunicorn subprocesses included, gets a folder of its own.
os.environ["BFF_INSTANCE_DIR"] = tempfile.mkdtemp(prefix="aw-tests-instance-")

# Tests never call the real Exposition InserJeunes API (its URL is the default): apps
# and the servers tests start (gunicorn inherits this) have the client off unless a test
# points it at its fake on loopback (tests/insertion/fake_exposition.py).
os.environ.setdefault("INSERJEUNES_API_URL", "")

from bff import create_app  # noqa: E402
from servers import serving  # noqa: F401,E402 (shared by the tests of this folder)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def app(tmp_path):
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "CACHE_TYPE": "bff.caching.backend.BatchPrunedSimpleCache",
    })
    yield app


@pytest.fixture
def client(app):
    return app.test_client()




@pytest.fixture
def live_server(app):
    """The BFF on a real socket: the widgets' origin in browser tests."""
    with serving(app) as url:
        yield url


class HostPages:
    """Pages of a fake embedding platform, on an origin of their own."""

    def __init__(self):
        self.pages: dict[str, tuple[str, dict]] = {}
        self.url = ""

    def add(self, path: str, html: str, headers: dict | None = None) -> str:
        self.pages[path] = (html, headers or {})
        return self.url + path


@pytest.fixture
def host_server():
    pages = HostPages()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server API)
            html, headers = pages.pages.get(self.path.split("?")[0], ("not found", {}))
            body = html.encode()
            self.send_response(200 if self.path.split("?")[0] in pages.pages else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    pages.url = f"http://localhost:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield pages
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    page.console_messages = []
    page.on("console", lambda msg: page.console_messages.append(msg))
    page.page_errors = []
    page.on("pageerror", lambda err: page.page_errors.append(err))
    yield page
    context.close()


@pytest.fixture(scope="session")
def postgres_url():
    """A fresh PostgreSQL database for this test session (real server, dropped after).

    An unreachable server fails the tests rather than skipping them: CI starts it.
    """
    import uuid

    import sqlalchemy as sa

    name = f"aw_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name})
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture
def redis_url():
    """The real Redis server; each test gets its own key prefix via ``redis_prefix``."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.ping()
    client.close()
    return REDIS_URL


@pytest.fixture
def redis_prefix(redis_url):
    import uuid

    import redis

    prefix = f"awtest:{uuid.uuid4().hex[:8]}:"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(prefix + "*"):
        client.delete(key)
    client.close()
