"""PostgreSQL down: widgets keep serving the last published texts (or the defaults on a
cold start), within bounded time; readiness says so; nothing published is lost."""
from __future__ import annotations

import html
import time

import pytest

from bff import create_app
from production_helpers import TcpProxy, closed_port

NEW_TEXT = "Texte publié avant la panne de la base"


def config(url: str, tmp_path) -> dict:
    return {"TESTING": True, "DATABASE_URL": url, "DATABASE_AUTO_MIGRATE": True,
            "CACHE_TYPE": "SimpleCache", "CONTENT_REFRESH_SECONDS": 0.2,
            "CONTENT_RETRY_SECONDS": 5.0}


def visible_text(client) -> tuple[str, str, str]:
    """(page URL, text key, default) of a plain text shown on a widget page."""
    from widgets.registry import load_texts
    from widgets.texts import TEXTS

    load_texts()

    definitions = TEXTS
    pages = {"pay-simulator": "pay.", "calendar": "calendar.", "guide": "guide.",
             "offer-search": "offers."}
    for page, package in pages.items():
        url = f"/widgets/v1/{page}?caller=parcoursup"
        body = client.get(url).get_data(as_text=True)
        for key, definition in sorted(definitions.items()):
            if (key.startswith(package) and not definition.formatted and not definition.placeholders
                    and len(definition.default) > 12 and html.escape(definition.default) in body):
                return url, key, definition.default
    pytest.fail("no widget page shows a plain text")


def publish(app, key: str, value: str) -> None:
    from bff.storage import database
    from bff.storage.content import publish_values
    from bff.storage.models import ALL_SCOPE

    with app.app_context(), database().session() as s:
        publish_values(s, {("text", key, ALL_SCOPE): value}, author="test@example.fr",
                       comment="test", action="publish")


@pytest.fixture
def proxy():
    proxy = TcpProxy(5432)
    yield proxy
    proxy.cut()


def test_database_down_keeps_serving_the_last_publication(own_postgres_url, proxy, tmp_path):
    through_proxy = own_postgres_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    app = create_app(config(through_proxy, tmp_path))
    client = app.test_client()
    url, key, default = visible_text(client)
    publish(app, key, NEW_TEXT)
    deadline = time.monotonic() + 5
    while NEW_TEXT not in client.get(url).get_data(as_text=True):
        assert time.monotonic() < deadline, "the publication was not served within 5 s"
        time.sleep(0.1)
    assert client.get("/readyz").status_code == 200

    proxy.cut()
    time.sleep(0.3)                               # the store's next refresh is due
    started = time.monotonic()
    for _ in range(10):
        response = client.get(url)
        assert response.status_code == 200
        assert NEW_TEXT in response.get_data(as_text=True)
    assert time.monotonic() - started < 5
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json["checks"]["database"]["ok"] is False

    proxy.restore()
    assert client.get("/readyz").status_code == 200
    # Nothing published was lost.
    assert NEW_TEXT in client.get(url).get_data(as_text=True)


def test_database_down_at_start_serves_the_defaults(tmp_path):
    app = create_app(config(f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/x",
                            tmp_path))
    client = app.test_client()
    started = time.monotonic()
    url, key, default = visible_text(client)
    for _ in range(5):
        response = client.get(url)
        assert response.status_code == 200
        assert html.escape(default) in response.get_data(as_text=True)
    assert time.monotonic() - started < 10
    assert client.get("/readyz").status_code == 503
