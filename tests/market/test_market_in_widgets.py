"""The wish summary and the offer search say the job-market snapshot's true counts (with
its date) once a real export is loaded; with the bundled demonstration export they keep
the offer search's own counts, which the demo's offers match."""
from __future__ import annotations

import html
import re
from collections import Counter

import pytest

from bff import create_app
from market_fakes import export_bytes
from widgets.market.reference import brute_force_count, rows_of

FAST = {"MARKET_REFRESH_SECONDS": 1, "PAGE_CACHE_SECONDS": 0}


@pytest.fixture
def loaded_app(tmp_path, export_items):
    app = create_app({"TESTING": True, "CACHE_TYPE": "SimpleCache", **FAST,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'market.sqlite3'}"})
    path = tmp_path / "export.json.gz"
    path.write_bytes(export_bytes(export_items, gzipped=True))
    result = app.test_cli_runner().invoke(
        args=["market", "refresh", "--file", str(path), "--as-of", "2026-11-27"])
    assert result.exit_code == 0, result.output
    return app


def busiest_place(app):
    """A (ROME code, commune) pair with several offers in the loaded snapshot."""
    snapshot = app.extensions["market"].current().snapshot
    rows = rows_of(snapshot)
    rome, _ = Counter(code for row in rows if row["offer"]
                      for code in row["romes"]).most_common(1)[0]
    return snapshot, rows, rome


def test_the_summary_and_the_offer_search_say_the_snapshots_true_count(loaded_app):
    from widgets.offers.referentials import commune_by_insee

    snapshot, rows, rome = busiest_place(loaded_app)
    assert not snapshot.demo
    paris = commune_by_insee("75056")
    expected = brute_force_count(rows, [rome], paris.latitude, paris.longitude, 200, None)
    assert expected.offers > 0
    client = loaded_app.test_client()
    summary = client.get(f"/api/v1/wish-summary?caller=parcoursup&romes={rome}&insee=75056"
                         "&radius=200").get_json()["market"]
    assert summary["source"] == "export" and summary["as_of"].startswith("2026-11-27")
    assert summary["offers"] == {"count": expected.offers, "capped": False}

    page = html.unescape(client.get(f"/widgets/v1/offer-search?caller=parcoursup&romes={rome}"
                                    "&insee=75056&radius=200").get_data(as_text=True))
    heading = re.search(r'<h2 class="aw-offers__counts"[^>]*>(.*?)</h2>', page, re.S).group(1)
    words = "1 offre" if expected.offers == 1 else f"{expected.offers} offres"
    assert heading.startswith(words[0].upper() + words[1:]), heading
    assert "toutes les offres publiées au 27/11/2026" in page


def test_with_the_demo_export_the_counts_are_the_searchs_own(client):
    summary = client.get("/api/v1/wish-summary?caller=parcoursup&romes=F1603&insee=69123"
                         ).get_json()["market"]
    listed = client.get("/api/v1/offers?romes=F1603&insee=69123").get_json()["counts"]
    assert summary["source"] == "demo"
    assert summary["offers"]["count"] == listed["offers"]
    page = client.get("/widgets/v1/offer-search?caller=parcoursup&romes=F1603&insee=69123")
    assert "toutes les offres publiées au" not in page.get_data(as_text=True)
