"""The house: app factory defaults, error shapes, security headers, texts."""
import pytest

from bff import create_app
from widgets.texts import TextDef, check_text, fill


def test_create_app_works_with_no_argument():
    app = create_app()
    assert app.config["CACHE_TYPE"] in ("bff.caching.backend.BatchPrunedSimpleCache",
                                        "bff.caching.backend.ResilientRedisCache")
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
    monkeypatch.setenv("BFF_INSTANCE_DIR", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'a.sqlite3'}"})
    second = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'a.sqlite3'}"})
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_caller_is_read_once_with_one_message_on_pages_and_api(client):
    """One reading of ``caller`` (bff.context.parse_caller): blanks and case ignored; an
    unknown one refused with the same French message by pages and API, with no CORS."""
    assert client.get("/api/v1/ping?caller=%20ParcourSup%20").status_code == 200
    page = client.get("/widgets/v1/guide?caller=%20ParcourSup%20")
    assert page.status_code == 200
    api = client.get("/api/v1/guide?caller=inconnu",
                     headers={"Origin": "https://www.parcoursup.gouv.fr"})
    assert api.status_code == 400
    message = api.get_json()["errors"]["caller"][0]
    assert "« inconnu » n'est pas enregistrée" in message
    assert "Access-Control-Allow-Origin" not in api.headers
    html = client.get("/widgets/v1/calendar?caller=inconnu").get_data(as_text=True)
    assert message.replace("'", "&#39;") in html


def test_no_module_but_settings_reads_the_environment():
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    readers = [str(path.relative_to(root)) for folder in ("bff", "widgets")
               for path in (root / folder).rglob("*.py")
               if "os.environ" in path.read_text(encoding="utf-8")
               and path.name != "settings.py"]
    assert readers == []


def test_a_broken_widget_texts_module_stops_the_start(monkeypatch):
    import dataclasses


    from widgets import registry
    broken = dataclasses.replace(registry.WIDGETS["guide"], name="broken", package="broken")
    monkeypatch.setitem(registry.WIDGETS, "broken", broken)
    with pytest.raises(ModuleNotFoundError, match="widgets.broken"):
        create_app({"TESTING": True, "SECRET_KEY": "k" * 64})


def test_instance_folder_follows_the_package_not_the_current_directory(tmp_path, monkeypatch):
    from pathlib import Path
    monkeypatch.delenv("BFF_INSTANCE_DIR")
    monkeypatch.chdir(tmp_path)
    app = create_app({"TESTING": True, "SECRET_KEY": "k" * 64})
    checkout = Path(__file__).resolve().parents[1]
    assert app.instance_path == str(checkout / "instance")
    assert app.config["DATABASE_URL"] == f"sqlite:///{checkout / 'instance'}/apprentissage.sqlite3"
    monkeypatch.setenv("BFF_INSTANCE_DIR", str(tmp_path / "elsewhere"))
    app = create_app({"TESTING": True, "SECRET_KEY": "k" * 64})
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path}/elsewhere/apprentissage.sqlite3"
