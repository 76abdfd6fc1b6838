"""Access to the admin: login, CSRF, lockout, cookie flags, headers, password hashing, CLI."""
from __future__ import annotations

import sqlalchemy as sa
from admin_helpers import PASSWORD, AdminClient, admin_config
from bff import create_app
from bff.storage import database
from bff.storage.content import entries
from bff.storage.models import User

EDIT = "/admin/textes/calendar.intro/_toutes"


def test_every_admin_page_needs_a_login(admin_app):
    client = admin_app.test_client()
    for url in ("/admin/", "/admin/textes", EDIT, "/admin/comptes", "/admin/export"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"] == "/admin/login"


def test_posts_without_the_csrf_token_change_nothing(admin_app, editor):
    html = editor.get(EDIT).get_data(as_text=True)
    assert 'name="csrf_token"' in html
    for token in (None, "forged"):
        data = {"value": "Écrit par un autre site.", "revision": "0"}
        if token:
            data["csrf_token"] = token
        response = editor.post(EDIT, data, csrf=False)
        assert response.status_code == 400
        assert "Le formulaire a expiré" in response.get_data(as_text=True)
    # Logging in is a form too.
    assert AdminClient(admin_app).post("/admin/login", {"email": "pub@example.fr",
                                                        "password": PASSWORD},
                                       csrf=False).status_code == 400
    with admin_app.app_context(), database().session() as s:
        assert entries(s) == []


def test_lockout_after_repeated_failures_even_with_the_right_password(admin_app):
    client = AdminClient(admin_app)
    for _ in range(admin_app.config["ADMIN_LOCKOUT_FAILURES"]):
        response = client.login("red@example.fr", "pas le bon mot de passe")
        assert response.status_code == 400
        assert "Adresse électronique ou mot de passe incorrect." in response.get_data(as_text=True)
    response = client.login("red@example.fr")
    assert response.status_code == 429
    assert "bloquée pendant 15 minutes" in response.get_data(as_text=True)
    # Another account from another address is not locked.
    other = AdminClient(admin_app)
    other.http.environ_base["REMOTE_ADDR"] = "127.0.0.2"
    assert other.login("pub@example.fr").status_code == 302
    # When the window has passed, the account opens again.
    with admin_app.app_context(), database().session() as s:
        from bff.storage.models import LoginFailure
        s.execute(sa.update(LoginFailure).values(created_at=sa.func.datetime("now", "-16 minutes")))
    assert AdminClient(admin_app).login("red@example.fr").status_code == 302


def test_session_cookie_flags_and_admin_headers(admin_app, tmp_path):
    client = AdminClient(admin_app)
    page = client.get("/admin/login")
    cookie = page.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/admin" in cookie
    assert "Secure" not in cookie  # ADMIN_COOKIE_SECURE off for local HTTP
    csp = page.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Cache-Control"] == "no-store"
    secure = create_app(admin_config(f"sqlite:///{tmp_path / 's.sqlite3'}",
                                     ADMIN_COOKIE_SECURE=None, BFF_ENV="production"))
    assert "Secure" in secure.test_client().get("/admin/login").headers["Set-Cookie"]


def test_widget_routes_never_set_a_cookie_even_for_a_logged_in_admin(publisher):
    for url in ("/widgets/v1/calendar?caller=parcoursup", "/widgets/v1/pay-simulator?caller=demo",
                "/api/v1/ping"):
        response = publisher.http.get(url)
        assert "Set-Cookie" not in response.headers, url


def test_passwords_are_hashed_with_argon2id_and_at_least_12_characters(tmp_path):
    app = create_app(admin_config(f"sqlite:///{tmp_path / 'h.sqlite3'}",
                                  ADMIN_PASSWORD_PROFILE="RFC_9106_LOW_MEMORY"))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["admin", "create-user", "Chef@Example.fr", "--role",
                                 "publisher"], input="trop court\n")
    assert result.exit_code == 1 and "au moins 12 caractères" in result.output
    result = runner.invoke(args=["admin", "create-user", "Chef@Example.fr", "--role",
                                 "publisher"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    with app.app_context(), database().session() as s:
        user = s.scalar(sa.select(User))
    assert user.email == "chef@example.fr" and user.role == "publisher"
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    assert AdminClient(app).login("chef@example.fr").status_code == 302


def test_db_upgrade_command(tmp_path):
    app = create_app(admin_config(f"sqlite:///{tmp_path / 'm.sqlite3'}",
                                  DATABASE_AUTO_MIGRATE=False))
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    tables = sa.inspect(sa.create_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")).get_table_names()
    assert {"content_entries", "entry_versions", "publications", "users", "audit_events",
            "alembic_version"} <= set(tables)
