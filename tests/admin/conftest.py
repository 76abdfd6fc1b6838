"""Admin fixtures: an app with two accounts, logged-in clients."""
from __future__ import annotations

import pytest

from admin_helpers import admin_app_with_accounts, logged_in


@pytest.fixture
def admin_app(tmp_path):
    app = admin_app_with_accounts(tmp_path / 'admin.sqlite3')
    yield app
    app.extensions["database"].dispose()


@pytest.fixture
def publisher(admin_app):
    return logged_in(admin_app, "pub@example.fr")


@pytest.fixture
def editor(admin_app):
    return logged_in(admin_app, "red@example.fr")
