"""The house: app factory defaults, error shapes, security headers, texts."""
import pytest

from bff import create_app
from widgets.texts import TextDef, check_text, fill


def test_create_app_works_with_no_argument():
    app = create_app()
    assert app.config["CACHE_TYPE"] in ("SimpleCache", "RedisCache")
    assert app.config["DATABASE_URL"]


def test_trivial_route_answers_json(client):
    response = client.get("/api/v1/ping")
    assert response.status_code == 200
    assert response.get_json() == {"ok": True}


def test_unknown_api_route_answers_json_404(client):
    response = client.get("/api/v1/does-not-exist")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_api_sets_strict_csp_and_no_cookie(client):
    response = client.get("/api/v1/ping")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp
    assert "Set-Cookie" not in response.headers


def test_static_assets_with_hash_are_cached_for_a_year(client, app):
    with app.test_request_context():
        from bff.assets import asset_url
        url = asset_url("js/embed.js")
    assert "?v=" in url
    response = client.get(url)
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]


def test_demo_page_embeds_from_another_origin(client):
    response = client.get("/demo/", base_url="http://localhost:5000")
    html = response.get_data(as_text=True)
    assert 'src="http://127.0.0.1:5000/static/js/embed.js?v=' in html
    assert 'integrity="sha384-' in html
    assert "frame-src http://127.0.0.1:5000" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("value, problem", [
    ("Bonjour {prenom}", "Variable inconnue"),
    ("x" * 21, "maximum est 20"),
    ("Accolade { seule", "Accolade isolée"),
])
def test_text_checks_explain_in_french(value, problem):
    definition = TextDef(key="t.k", default="ok", max_length=20, placeholders=("date",))
    assert any(problem in p for p in check_text(definition, value))


def test_text_fill_replaces_known_placeholders():
    assert fill("Début le {date}.", {"date": "1 sept."}) == "Début le 1 sept.."
    assert check_text(TextDef(key="t.k", default="ok", placeholders=("date",)), "Le {date}") == []


def test_embedded_secret_key_is_shared_by_workers_and_restarts(tmp_path, monkeypatch):
    from bff import config
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'a.sqlite3'}"})
    second = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'a.sqlite3'}"})
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
