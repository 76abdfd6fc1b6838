"""``GET /api/v1/market``: answers, 400s, links; the service other widgets call."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from bff.market import counts_for
from bff.market.service import demo_snapshot
from widgets.market.links import capped_count_label, france_travail_search_url
from widgets.market.reference import brute_force_count, rows_of
from widgets.offers.links import lba_search_url

API = "/api/v1/market"


def query_of(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_answer_counts_the_demo_snapshot_like_brute_force(client):
    answer = client.get(f"{API}?romes=F1603,D1102&insee=69123&radius=40").get_json()
    snapshot = demo_snapshot()
    expected = brute_force_count(rows_of(snapshot), ["D1102", "F1603"], 45.76, 4.84, 40, "69")
    assert answer["query"]["latitude"] == 45.76 and answer["query"]["longitude"] == 4.84
    assert answer["offers"] == {"count": expected.offers, "openings": expected.openings}
    assert answer["companies"] == {"count": expected.companies}
    assert answer["by_level"] == expected.by_level
    assert answer["department"] == {"code": "69", "name": "Rhône",
                                    "offers": expected.departement_offers,
                                    "companies": expected.departement_companies}
    assert answer["offers"]["count"] > 0 and answer["source"] == "demo" and answer["demo"]
    assert answer["as_of"] == snapshot.as_of and answer["radius"] == 40


def test_the_same_trades_by_rncp_or_cfd_or_coordinates(client):
    by_rome = client.get(f"{API}?romes=M1805&insee=33063").get_json()
    by_point = client.get(f"{API}?romes=M1805&latitude=44.8378&longitude=-0.5792").get_json()
    assert by_point["query"]["insee"] == "33063" and by_point["department"]["code"] == "33"
    assert by_point["offers"] == by_rome["offers"]
    by_postcode = client.get(f"{API}?romes=M1805&postcode=33000").get_json()
    assert by_postcode["offers"] == by_rome["offers"]


def test_overseas_places(client):
    answer = client.get(f"{API}?romes=G1602&insee=97411&radius=50").get_json()
    assert answer["department"]["code"] == "974" and answer["department"]["name"] == "La Réunion"
    assert query_of(answer["links"]["france_travail"])["lieux"] == "97411"


@pytest.mark.parametrize("query, field", [
    ("", "romes"),
    ("romes=F1603", "insee"),
    ("romes=F16&insee=75056", "romes"),
    ("romes=F1603&insee=7505", "insee"),
    ("romes=F1603&insee=99999", "insee"),
    ("romes=F1603&postcode=00000", "postcode"),
    ("romes=F1603&latitude=48.8", "longitude"),
    ("romes=F1603&latitude=abc&longitude=2", "latitude"),
    ("romes=F1603&insee=75056&radius=0", "radius"),
    ("romes=F1603&insee=75056&radius=201", "radius"),
    ("romes=F1603&insee=75056&radius=x", "radius"),
    ("rncp=RNCP1&insee=75056", "rncp"),
    ("rncp=RNCP99999&insee=75056", "rncp"),
    ("cfd=00000000&insee=75056", "cfd"),
])
def test_bad_queries_answer_400_with_a_french_message(client, query, field):
    response = client.get(f"{API}?{query}")
    assert response.status_code == 400
    messages = response.get_json()["errors"][field]
    assert messages and all(isinstance(m, str) and m for m in messages)


def test_links_work_in_2026(client):
    answer = client.get(f"{API}?romes=F1603&insee=75056&radius=30").get_json()
    lba = urlsplit(answer["links"]["lba"])
    assert (lba.scheme, lba.netloc, lba.path) == (
        "https", "labonnealternance.apprentissage.beta.gouv.fr", "/recherche")
    assert query_of(answer["links"]["lba"]) == {
        "mode": "emplois", "q": "Plombier / Plombière sanitaire", "lieu_label": "Paris",
        "latitude": "48.8600", "longitude": "2.3445", "radius": "30",
        "source": "external_sites"}
    ft = query_of(answer["links"]["france_travail"])
    assert answer["links"]["france_travail"].startswith(
        "https://candidat.francetravail.fr/offres/recherche?")
    assert ft == {"motsCles": "Plombier / Plombière sanitaire", "lieux": "75056", "rayon": "30",
                  "natureOffre": "E2", "offresPartenaires": "true", "tri": "0"}


def test_link_builders():
    assert query_of(lba_search_url("Boulanger", 45.0, 5.0, "Lyon", 20))["source"] == "external_sites"
    assert query_of(france_travail_search_url("Boulanger", "69123", 200))["rayon"] == "100"
    assert "lieux" not in query_of(france_travail_search_url("Boulanger", None))
    assert capped_count_label(150) == "150 ou plus" and capped_count_label(37) == "37"


def test_answers_are_public_and_cacheable(client):
    response = client.get(f"{API}?romes=F1603&insee=75056")
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert "Set-Cookie" not in response.headers


def test_counts_for_is_the_same_service(app):
    with app.app_context():
        counts, about = counts_for(["F1603"], 48.86, 2.34, 30, "75")
    assert about == {"as_of": demo_snapshot().as_of, "demo": True, "source": "demo"}
    answer = app.test_client().get(f"{API}?romes=F1603&insee=75056").get_json()
    assert answer["offers"]["count"] == counts.offers
    assert answer["department"]["offers"] == counts.departement_offers
