"""Integration-kit fixtures: one BFF per module (the widgets' origin, real SQLite) with an
extra partner whose origins exclude the test hosts, and the published embed metadata."""
from __future__ import annotations


import pytest
import requests

from bff import create_app
from bff.storage import database
from bff.storage.partners import Partner
from servers import serving  # noqa: F401 (shared by the tests of this folder)




@pytest.fixture(scope="module")
def kit_app(tmp_path_factory):
    path = tmp_path_factory.mktemp("kit") / "kit.sqlite3"
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{path}",
                      "CACHE_TYPE": "SimpleCache", "CALLERS_REFRESH_SECONDS": 0.2})
    add_partner(app, "fermee", "Plateforme fermée", ["https://www.exemple-ferme.fr"])
    yield app
    app.extensions["database"].dispose()


def add_partner(app, name, label, origins, **extra):
    with app.app_context(), database().session() as s:
        s.add(Partner(name=name, label=label, allowed_origins="\n".join(origins), **extra))
    app.extensions["callers"].invalidate()


@pytest.fixture(scope="module")
def bff_url(kit_app):
    """The widgets' origin: http://127.0.0.1:<port> (hosts are on http://localhost:<port>)."""
    with serving(kit_app) as url:
        yield url


@pytest.fixture(scope="module")
def embed(bff_url):
    """What /integration/embed.json publishes: the loader's URL and its SRI hash."""
    return requests.get(bff_url + "/integration/embed.json", timeout=10).json()["embed"]


