"""The InserJeunes settings: declared in bff.settings, validated, and what they change."""
from __future__ import annotations

import pytest

from bff import create_app, settings
from bff.insertion.service import insertion_service
from bff.upstream.inserjeunes import DEFAULT_URL


def app_with(monkeypatch, tmp_path, **env):
    monkeypatch.delenv("INSERJEUNES_API_URL", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return create_app({"TESTING": True, "CACHE_TYPE": "SimpleCache",
                       "DATABASE_URL": f"sqlite:///{tmp_path / 's.sqlite3'}"})


def test_every_variable_is_declared_with_its_doc():
    declared = {v.name: v for v in settings.VARIABLES}
    for name in ("INSERJEUNES_API_URL", "INSERJEUNES_API_KEY", "INSERJEUNES_CACHE_TTL_DAYS",
                 "INSERJEUNES_STALE_DAYS"):
        assert name in declared and declared[name].doc


def test_unset_means_the_public_service_and_empty_turns_the_client_off(monkeypatch, tmp_path):
    default = insertion_service(app_with(monkeypatch, tmp_path))
    assert default.client.base_url == DEFAULT_URL
    off = insertion_service(app_with(monkeypatch, tmp_path, INSERJEUNES_API_URL=""))
    assert off.client is None
    custom = insertion_service(app_with(monkeypatch, tmp_path,
                                        INSERJEUNES_API_URL="https://stats.example.gouv.fr/api/ij/",
                                        INSERJEUNES_API_KEY="k-123", INSERJEUNES_CACHE_TTL_DAYS="3",
                                        INSERJEUNES_STALE_DAYS="30"))
    assert custom.client.base_url == "https://stats.example.gouv.fr/api/ij"
    assert custom.client.session.headers["x-api-key"] == "k-123"
    assert "k-123" not in repr(custom.client)
    assert (custom.answers.ttl, custom.answers.stale_ttl) == (3 * 86400, 30 * 86400)


def test_wrong_values_are_all_named_at_once():
    with pytest.raises(settings.SettingsError) as error:
        settings.from_environment({"INSERJEUNES_API_URL": "ftp://example.org",
                                   "INSERJEUNES_API_KEY": "two words",
                                   "INSERJEUNES_CACHE_TTL_DAYS": "0",
                                   "INSERJEUNES_STALE_DAYS": "ten"})
    text = "\n".join(error.value.problems)
    for name in ("INSERJEUNES_API_URL", "INSERJEUNES_API_KEY", "INSERJEUNES_CACHE_TTL_DAYS",
                 "INSERJEUNES_STALE_DAYS"):
        assert name in text
    # Blank but not empty is a mistake, not "off".
    with pytest.raises(settings.SettingsError):
        settings.from_environment({"INSERJEUNES_API_URL": "  "})


def test_the_registry_names_the_page_endpoint(offline_app):
    from flask import url_for

    from widgets.registry import WIDGETS
    with offline_app.test_request_context():
        assert url_for(WIDGETS["insertion"].endpoint, caller="demo") == \
            "/widgets/v1/insertion?caller=demo"
