"""``/api/v1/offers`` on the embedded default (no API key): the demo provider, and
validation of the query."""
from __future__ import annotations

import pytest

from offers_fakes import make_app
from widgets.offers.demo import search_jobs
from widgets.offers.results import PAGE_SIZE

LYON_BAKERS = "romes=D1102&insee=69123&radius=30"


@pytest.fixture
def demo_client(tmp_path):
    return make_app(None, tmp_path).test_client()


def test_demo_answers_with_the_contract_shape(demo_client):
    body = demo_client.get(f"/api/v1/offers?{LYON_BAKERS}").get_json()
    assert body["source"] == "demo" and body["stale"] is False
    assert body["query"]["romes"] == ["D1102"] and body["query"]["radius"] == 30
    assert body["query"]["place_label"].startswith("Lyon")
    assert body["counts"]["offers"] > 0 and body["counts"]["companies"] > 0
    offer = body["offers"][0]
    assert set(offer) == {"id", "title", "company", "city", "distance_km", "contract_start",
                          "duration_months", "diploma_level", "source_label", "apply_url"}
    assert offer["source_label"] == "Démonstration"
    assert offer["apply_url"].startswith("https://labonnealternance.apprentissage.beta.gouv.fr/")
    company = body["companies"][0]
    assert set(company) == {"id", "name", "city", "distance_km", "size", "apply_url"}
    distances = [o["distance_km"] for o in body["offers"]]
    assert distances == sorted(distances) and max(distances) <= 30


def test_demo_is_deterministic_across_app_instances(tmp_path):
    first = make_app(None, tmp_path).test_client().get(f"/api/v1/offers?{LYON_BAKERS}")
    second = make_app(None, tmp_path).test_client().get(f"/api/v1/offers?{LYON_BAKERS}")
    assert first.get_json() == second.get_json()


def test_demo_pages_cover_every_result_once(demo_client):
    query = "romes=F1603,D1102&insee=75056&radius=30"
    first = demo_client.get(f"/api/v1/offers?{query}").get_json()
    total = first["counts"]["offers"]
    assert total > PAGE_SIZE and first["next_page"] == 2
    seen, page = [], 1
    while page:
        body = demo_client.get(f"/api/v1/offers?{query}&page={page}").get_json()
        seen += [o["id"] for o in body["offers"]]
        page = body["next_page"]
    assert len(seen) == len(set(seen)) == total


def test_demo_filters_by_radius_and_level():
    near = search_jobs({"romes": "M1805", "latitude": 45.76, "longitude": 4.84, "radius": 5})
    wide = search_jobs({"romes": "M1805", "latitude": 45.76, "longitude": 4.84, "radius": 60})
    assert len(near["jobs"]) < len(wide["jobs"])
    level = search_jobs({"romes": "M1805", "latitude": 45.76, "longitude": 4.84, "radius": 60,
                         "target_diploma_level": "6"})
    assert level["jobs"] and all(j["offer"]["target_diploma"]["european"] == "6"
                                 for j in level["jobs"])
    nowhere = search_jobs({"romes": "M1805", "latitude": 46.2, "longitude": 2.2, "radius": 10})
    assert nowhere["jobs"] == [] and nowhere["recruiters"] == []


@pytest.mark.parametrize("query, field", [
    ("insee=69123", "romes"),
    ("romes=D110&insee=69123", "romes"),
    ("romes=" + ",".join(f"D{1100 + i}" for i in range(21)) + "&insee=69123", "romes"),
    ("romes=D1102", "insee"),
    ("romes=D1102&latitude=45.7", "longitude"),
    ("romes=D1102&latitude=95&longitude=4", "latitude"),
    ("romes=D1102&insee=69123&radius=0", "radius"),
    ("romes=D1102&insee=69123&radius=201", "radius"),
    ("romes=D1102&insee=69123&radius=trente", "radius"),
    ("romes=D1102&insee=69123&diploma_level=2", "diploma_level"),
    ("romes=D1102&insee=69123&page=0", "page"),
    ("romes=D1102&insee=99999", "insee"),
    ("romes=D1102&postcode=00000", "postcode"),
    ("rncp=12345&insee=69123", "rncp"),
    ("cfd=ZZZZZZZZ&insee=69123", "cfd"),
])
def test_bad_queries_get_a_400_naming_the_field(demo_client, query, field):
    response = demo_client.get(f"/api/v1/offers?{query}")
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert field in errors and all(isinstance(m, str) and m for m in errors[field])


def test_rncp_and_postcode_are_resolved_locally(demo_client):
    from widgets.offers import referentials
    rncp = "RNCP31114"   # Développeur web et web mobile
    romes = referentials.romes_for_rncp(rncp)
    body = demo_client.get(f"/api/v1/offers?rncp={rncp}&postcode=69003").get_json()
    assert body["query"]["romes"] == sorted(romes) and body["query"]["rncp"] is None
    assert body["query"]["place_label"]
