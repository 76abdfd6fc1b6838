"""GET /api/v1/trades and /api/v1/communes: the offer search box's autocompletes."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bff import create_app

COMMUNE_KEYS = {"insee", "name", "postcodes", "departement", "latitude", "longitude", "label"}


def test_trades_answer_items_with_codes_and_cache_for_a_day(client):
    response = client.get("/api/v1/trades?q=plomb")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=86400"
    items = response.get_json()["items"]
    assert items[0] == {"label": "Plombier / Plombière", "romes": ["F1603"],
                        "kind": "appellation", "matched": "Plombier / Plombière"}
    assert {"label": "Plomberie", "romes": ["F1603", "I1308"], "kind": "group",
            "matched": "Plomberie"} in items
    assert {"label": "Plombier / Plombière sanitaire", "romes": ["F1603"], "kind": "rome",
            "matched": "Plombier / Plombière sanitaire"} in items
    assert "lba_url" not in response.get_json()


def test_communes_answer_items_with_a_point_and_a_label(client):
    response = client.get("/api/v1/communes?q=75013")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=86400"
    first = response.get_json()["items"][0]
    assert set(first) == COMMUNE_KEYS
    assert first["insee"] == "75113" and first["postcodes"] == ["75013"]
    assert first["label"] == "Paris 13e Arrondissement (75013)"
    assert isinstance(first["latitude"], float) and isinstance(first["longitude"], float)


@pytest.mark.parametrize("path", ["/api/v1/trades", "/api/v1/communes"])
def test_at_most_20_items(client, path):
    items = client.get(path, query_string={"q": "a"}).get_json()["items"]
    assert len(items) == 20


@pytest.mark.parametrize("path", ["/api/v1/trades", "/api/v1/communes"])
@pytest.mark.parametrize("query", [{}, {"q": ""}, {"q": "x" * 101}])
def test_missing_empty_or_long_q_is_a_400_naming_the_field(client, path, query):
    response = client.get(path, query_string=query)
    assert response.status_code == 400
    body = response.get_json()
    assert list(body) == ["errors"] and list(body["errors"]) == ["q"]
    assert body["errors"]["q"] and all(isinstance(m, str) for m in body["errors"]["q"])


def test_100_characters_are_accepted(client):
    assert client.get("/api/v1/communes", query_string={"q": "é" * 100}).status_code == 200


@pytest.fixture(scope="module")
def shared_client():
    return create_app({"TESTING": True, "CACHE_TYPE": "SimpleCache"}).test_client()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=120), path=st.sampled_from(["/api/v1/trades", "/api/v1/communes"]))
def test_no_q_yields_a_500(shared_client, q, path):
    response = shared_client.get(path, query_string={"q": q})
    assert response.status_code in (200, 400), (q, response.status_code)
    body = response.get_json()
    if response.status_code == 200:
        assert 1 <= len(q) <= 100 and len(body["items"]) <= 20
    else:
        assert set(body["errors"]) == {"q"}
