"""The job market's environment variables: parsed, checked, and reaching the app."""
from __future__ import annotations

import pytest

from bff import create_app, settings
from bff.settings import SettingsError


def test_market_variables_are_parsed():
    values = settings.from_environment({
        "MARKET_REFRESH_SECONDS": "10", "MARKET_DOWNLOAD_TIMEOUT": "900",
        "FRANCE_TRAVAIL_CLIENT_ID": "PAR_app_1", "FRANCE_TRAVAIL_CLIENT_SECRET": "abc",
        "FRANCE_TRAVAIL_API_URL": "https://api.francetravail.io/partenaire/",
        "FRANCE_TRAVAIL_TOKEN_URL": "https://entreprise.francetravail.fr/connexion/oauth2/"
                                    "access_token?realm=%2Fpartenaire"})
    assert values["MARKET_REFRESH_SECONDS"] == 10 and values["MARKET_DOWNLOAD_TIMEOUT"] == 900
    assert values["FRANCE_TRAVAIL_API_URL"] == "https://api.francetravail.io/partenaire"
    assert values["FRANCE_TRAVAIL_TOKEN_URL"].endswith("?realm=%2Fpartenaire")


@pytest.mark.parametrize("name, value", [
    ("MARKET_REFRESH_SECONDS", "0"), ("MARKET_REFRESH_SECONDS", "soon"),
    ("MARKET_DOWNLOAD_TIMEOUT", "-5"), ("FRANCE_TRAVAIL_CLIENT_SECRET", "with space"),
    ("FRANCE_TRAVAIL_API_URL", "ftp://example.org"),
])
def test_wrong_market_variables_are_named(name, value):
    with pytest.raises(SettingsError) as caught:
        settings.from_environment({name: value})
    assert any(p.startswith(name) for p in caught.value.problems)


def test_the_refresh_interval_reaches_the_service(monkeypatch, tmp_path):
    monkeypatch.setenv("MARKET_REFRESH_SECONDS", "17")
    app = create_app({"TESTING": True, "CACHE_TYPE": "SimpleCache",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 't.sqlite3'}"})
    assert app.extensions["market"].refresh_seconds == 17
    assert "market_tension" not in app.extensions         # no France Travail credentials
