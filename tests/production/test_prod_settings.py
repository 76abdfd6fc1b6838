"""Settings come from the environment only and each wrong one is named with a fix."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bff import create_app, settings
from bff.settings import SettingsError

ROOT = Path(__file__).resolve().parents[2]

GOOD_PRODUCTION = {
    "BFF_ENV": "production",
    "DATABASE_URL": "postgresql://bff:s3cret@db.internal:5432/apprentissage",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "SECRET_KEY": "x" * 64,
    "PUBLIC_URL": "https://widgets.apprentissage.beta.gouv.fr",
    "APPRENTISSAGE_API_KEY": "abc.def.ghi",
}


def problems(env) -> list[str]:
    with pytest.raises(SettingsError) as caught:
        settings.from_environment(env)
    return caught.value.problems


def test_nothing_set_runs_on_embedded_defaults():
    assert settings.from_environment({}) == {}


def test_a_complete_production_environment_is_accepted_and_normalised():
    values = settings.from_environment(GOOD_PRODUCTION)
    # psycopg 3 is the shipped driver; a bare postgresql:// would look for psycopg2.
    assert values["DATABASE_URL"] == \
        "postgresql+psycopg://bff:s3cret@db.internal:5432/apprentissage"
    assert values["CACHE_TYPE"] == "bff.caching.backend.ResilientRedisCache"
    assert values["CACHE_OPTIONS"] == {"socket_timeout": 0.25, "socket_connect_timeout": 0.25}
    assert values["SECRET_KEY"] == "x" * 64


def test_production_names_every_missing_variable_at_once():
    found = problems({"BFF_ENV": "production"})
    names = sorted(p.split(" ", 1)[0] for p in found)
    assert names == ["APPRENTISSAGE_API_KEY", "DATABASE_URL", "PUBLIC_URL", "REDIS_URL",
                     "SECRET_KEY"]
    assert all("BFF_ENV=production requires it" in p for p in found)


@pytest.mark.parametrize("name, value, expected", [
    ("BFF_ENV", "prod", "expected one of development, production, got 'prod'"),
    ("SECRET_KEY", "changeme", "expected at least 32 characters (got 8)"),
    ("DATABASE_URL", "sqlite:////var/lib/bff.sqlite3",
     "production instances share their texts through PostgreSQL"),
    ("DATABASE_URL", "mysql://db/x", "got the 'mysql' backend"),
    ("DATABASE_URL", "not a url", "expected an SQLAlchemy URL"),
    ("DATABASE_URL", "postgresql://db.internal", "names no database"),
    ("REDIS_URL", "localhost:6379", "expected a URL starting with redis://"),
    ("PUBLIC_URL", "http://widgets.example.fr", "expected https://"),
    ("PUBLIC_URL", "https://widgets.example.fr/", "no trailing slash"),
    ("APPRENTISSAGE_API_KEY", '"abc def"', "contains a space"),
    ("APPRENTISSAGE_API_URL", "ftp://api", "expected a URL starting with https:// or http://"),
    ("ALLOWED_ORIGINS", "https://ok.fr, https://bad.fr/path", "not origins: 'https://bad.fr/path'"),
    ("ALLOWED_ORIGINS", "*", "list the origins"),
    ("REDIS_TIMEOUT_MS", "0.5", "expected a whole number between 1 and 10000"),
    ("HTTP_MAX_AGE", "-1", "expected a whole number"),
    ("LOG_LEVEL", "verbose", "expected DEBUG, INFO"),
    ("ACCESS_LOG", "maybe", "expected 1/0"),
    ("REDIS_KEY_PREFIX", "a b", "expected up to 64 letters"),
])
def test_each_wrong_value_gets_a_message_naming_the_variable_and_the_fix(name, value, expected):
    found = problems(dict(GOOD_PRODUCTION, **{name: value}))
    assert len(found) == 1, found
    assert found[0].startswith(f"{name}: ")
    assert expected in found[0]


def test_passwords_never_appear_in_messages():
    found = problems(dict(GOOD_PRODUCTION, DATABASE_URL="mysql://bff:hunter2@db/x",
                          REDIS_URL="http://u:hunter2@cache"))
    assert len(found) == 2
    assert not any("hunter2" in p for p in found)


def test_blank_values_are_reported_not_silently_ignored():
    assert problems({"SECRET_KEY": "   "}) == [
        "SECRET_KEY is blank: unset it or give it a value"]


def test_development_accepts_sqlite_and_http():
    values = settings.from_environment({"DATABASE_URL": "sqlite:////tmp/x.sqlite3",
                                        "PUBLIC_URL": "http://127.0.0.1:5000"})
    assert values["DATABASE_URL"] == "sqlite:////tmp/x.sqlite3"


def test_create_app_refuses_to_start_on_wrong_settings(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "localhost")
    with pytest.raises(SettingsError, match="REDIS_URL: expected a URL starting with redis://"):
        create_app()


def test_create_app_reads_the_environment(monkeypatch):
    monkeypatch.setenv("HTTP_MAX_AGE", "120")
    monkeypatch.setenv("REDIS_KEY_PREFIX", "blue:")
    app = create_app({"TESTING": True})
    assert app.config["HTTP_MAX_AGE"] == 120
    assert app.config["CACHE_KEY_PREFIX"] == "blue:"


def test_gunicorn_master_stops_before_any_worker_with_the_messages():
    env = {"PATH": "/usr/bin:/bin", "BFF_ENV": "production", "SECRET_KEY": "short",
           "HOME": "/tmp"}
    done = subprocess.run([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                           "--bind", "127.0.0.1:0"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 4
    assert "Invalid settings (environment variables):" in done.stderr
    assert "SECRET_KEY: expected at least 32 characters" in done.stderr
    assert "DATABASE_URL is missing" in done.stderr
    assert "Booting worker" not in done.stderr


def test_allowed_origins_open_the_api_to_those_origins(monkeypatch, tmp_path):
    monkeypatch.setenv("ALLOWED_ORIGINS", "https://www.example-partner.fr")
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'o.sqlite3'}"})
    client = app.test_client()
    allowed = client.get("/api/v1/ping", headers={"Origin": "https://www.example-partner.fr"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://www.example-partner.fr"
    other = client.get("/api/v1/ping", headers={"Origin": "https://other.example.fr"})
    assert "Access-Control-Allow-Origin" not in other.headers
