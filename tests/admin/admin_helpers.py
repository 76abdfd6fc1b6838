"""Admin test helpers: configuration, accounts, a CSRF-aware logged-in client."""
from __future__ import annotations

import re

from bff import create_app
from bff.storage import database
from servers import serving  # noqa: F401 (shared by the tests of this folder)

PASSWORD = "un mot de passe assez long"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def admin_config(url: str, **extra) -> dict:
    config = {"TESTING": True, "DATABASE_URL": url, "CACHE_TYPE": "SimpleCache",
              "DATABASE_AUTO_MIGRATE": True, "ADMIN_COOKIE_SECURE": False,
              # Fast hashing in tests only; test_admin_access checks production's argon2id.
              "ADMIN_PASSWORD_PROFILE": "CHEAPEST", "CONTENT_REFRESH_SECONDS": 0.5,
              "SECRET_KEY": "k" * 64}
    config.update(extra)
    return config


def add_user(app, email: str, role: str, password: str = PASSWORD) -> None:
    from bff.admin.users import create_user
    with app.app_context(), database().session() as s:
        assert create_user(s, email, role, password, "test") == {}


class AdminClient:
    """A test client that logs in and sends the CSRF token of the page it last read."""

    def __init__(self, app):
        self.app = app
        self.http = app.test_client()
        self.token = None

    def get(self, url, **kwargs):
        response = self.http.get(url, **kwargs)
        found = CSRF.search(response.get_data(as_text=True))
        if found:
            self.token = found.group(1)
        return response

    def post(self, url, data=None, csrf=True, **kwargs):
        data = dict(data or {})
        if csrf:
            if self.token is None:
                self.get("/admin/login")
            data.setdefault("csrf_token", self.token)
        return self.http.post(url, data=data, **kwargs)

    def login(self, email, password=PASSWORD):
        self.get("/admin/login")
        return self.post("/admin/login", {"email": email, "password": password})


def logged_in(app, email) -> AdminClient:
    client = AdminClient(app)
    response = client.login(email)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def revision_in(html: str) -> str:
    return re.search(r'name="revision" value="(\d+)"', html).group(1)


def entry_id_in(html: str) -> int:
    return int(re.search(r'name="entry" value="(\d+)"', html).group(1))


def admin_app_with_accounts(database_file, **extra):
    """An app on a fresh SQLite file with a publisher and an editor account."""
    app = create_app(admin_config(f"sqlite:///{database_file}", **extra))
    add_user(app, "pub@example.fr", "publisher")
    add_user(app, "red@example.fr", "editor")
    return app
