"""Fixtures of the accessibility tests: one BFF (embedded defaults, demo data) on a real
socket for the module."""
from __future__ import annotations

import pytest

from bff import create_app
from servers import serving


@pytest.fixture(scope="module")
def a11y_url(tmp_path_factory):
    path = tmp_path_factory.mktemp("a11y") / "a11y.sqlite3"
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{path}",
                      "CACHE_TYPE": "SimpleCache"})
    with serving(app) as url:
        yield url
    app.extensions["database"].dispose()
