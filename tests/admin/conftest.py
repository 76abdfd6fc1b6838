"""Admin fixtures: an app with two accounts, logged-in clients."""
from __future__ import annotations

import pytest

from admin_helpers import add_user, admin_config, logged_in
from bff import create_app


@pytest.fixture
def admin_app(tmp_path):
    app = create_app(admin_config(f"sqlite:///{tmp_path / 'admin.sqlite3'}"))
    add_user(app, "pub@example.fr", "publisher")
    add_user(app, "red@example.fr", "editor")
    yield app
    app.extensions["database"].dispose()


@pytest.fixture
def publisher(admin_app):
    return logged_in(admin_app, "pub@example.fr")


@pytest.fixture
def editor(admin_app):
    return logged_in(admin_app, "red@example.fr")
