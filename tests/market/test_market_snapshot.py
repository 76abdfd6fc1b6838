"""The snapshot's counts against a brute-force count, its serialisation, the export reader."""
from __future__ import annotations

import io
import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from market_fakes import export_bytes, with_invalid_items
from widgets.market.export_schema import (MalformedExport, ReadStats, iter_export,
                                          read_rows)
from widgets.market.geo import departement_of, nearest_commune
from widgets.market.reference import brute_force_count, distances, rows_of
from widgets.market.snapshot import Snapshot, SnapshotFormatError
from widgets.offers import referentials

# Overseas and border communes: Pointe-à-Pitre, Cayenne, Saint-Denis (Réunion),
# Mamoudzou, Ajaccio, Menton (Italy), Hendaye (Spain), Wissembourg, Dunkerque.
PLACES = ["97120", "97302", "97411", "97611", "2A004", "06083", "64260", "67544", "59183"]


@pytest.fixture(scope="module")
def snapshot(small_export):
    stats = ReadStats()
    built = Snapshot.build(read_rows(small_export, stats), as_of="2026-11-28",
                           source="test", stats=stats.as_dict())
    return Snapshot.from_bytes(built.to_bytes())      # what every process really serves


@pytest.fixture(scope="module")
def reference_rows(snapshot):
    return rows_of(snapshot)


def assert_same(fast, slow):
    assert (fast.offers, fast.openings, fast.companies, fast.by_level) == \
        (slow.offers, slow.openings, slow.companies, slow.by_level)
    assert fast.by_source == slow.by_source
    assert (fast.departement_offers, fast.departement_companies) == \
        (slow.departement_offers, slow.departement_companies)
    expected = dict(slow.top_sectors)
    for label, count in fast.top_sectors:
        assert expected[label] == count
    best = sorted(expected.values(), reverse=True)[:5]
    assert sorted((c for _, c in fast.top_sectors), reverse=True) == best


def query_points(snapshot, reference_rows):
    """Points where counts are most likely to go wrong."""
    rows = st.sampled_from(reference_rows)
    near_item = st.tuples(rows, st.floats(-0.5, 0.5), st.floats(-0.5, 0.5)).map(
        lambda t: (t[0]["lat"] + t[1], t[0]["lon"] + t[2]))
    # On grid-cell borders (multiples of 0.1°) next to real items.
    on_cell_border = rows.map(lambda r: (round(r["lat"], 1), round(r["lon"], 1)))
    communes = st.sampled_from(PLACES).map(referentials.commune_by_insee).map(
        lambda c: (c.latitude, c.longitude))
    # The item right inside the circle, near its north, south, east or west edge: where
    # the bounding box of the grid search is tightest.
    at_edge = st.tuples(rows, st.floats(1, 200), st.sampled_from([0, 90, 180, 270]),
                        st.floats(1e-4, 0.5)).map(
        lambda t: destination(t[0]["lat"], t[0]["lon"], t[1] - t[3], t[2])
        + (t[1], sorted(t[0]["romes"])))
    anywhere = st.tuples(st.floats(-89.9, 89.9), st.floats(-180.0, 180.0))
    edges = st.sampled_from([(0.0, 179.99), (-14.3, -178.1), (89.0, 10.0), (-89.5, -170.0)])
    return st.one_of(near_item, on_cell_border, communes, anywhere, edges, at_edge)


def destination(lat: float, lon: float, distance_km: float, bearing: float) -> tuple:
    """The point ``distance_km`` from (lat, lon) along ``bearing`` (degrees): the query
    centre that puts the item at that distance."""
    d = distance_km / 6371.0
    phi, lam, theta = map(math.radians, (lat, lon, bearing))
    phi2 = math.asin(math.sin(phi) * math.cos(d) + math.cos(phi) * math.sin(d) * math.cos(theta))
    lam2 = lam + math.atan2(math.sin(theta) * math.sin(d) * math.cos(phi),
                            math.cos(d) - math.sin(phi) * math.sin(phi2))
    return math.degrees(phi2), (math.degrees(lam2) + 540.0) % 360.0 - 180.0


def rome_sets(snapshot):
    return st.lists(st.sampled_from(snapshot.romes + ["Z9999"]), min_size=1, max_size=8)


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_counts_equal_the_brute_force_count(snapshot, reference_rows, data):
    point = data.draw(query_points(snapshot, reference_rows))
    lat, lon = point[:2]
    romes = data.draw(rome_sets(snapshot))
    if len(point) > 2:            # an edge item: its radius, and its trades among the wanted
        radius, romes = point[2], romes + point[3]
    else:
        radius = data.draw(st.one_of(st.sampled_from([1, 10, 30, 60, 100, 200]),
                                     st.floats(1, 200)))
    departement = data.draw(st.sampled_from(snapshot.departements + [None, "99"]))
    # A row at the radius within float rounding may fall either side: not a question.
    assume(all(abs(d - radius) > 1e-6 for d in distances(reference_rows, lat, lon)))
    assert_same(snapshot.count(romes, lat, lon, radius, departement),
                brute_force_count(reference_rows, romes, lat, lon, radius, departement))


def test_counts_near_an_overseas_commune_are_not_empty(snapshot, reference_rows):
    reunion = [r for r in reference_rows if r["dept"] == "974" and r["offer"]]
    assert reunion, "the synthetic export spreads offers overseas too"
    row = reunion[0]
    counts = snapshot.count(row["romes"], row["lat"], row["lon"], 5, "974")
    assert counts.offers >= 1 and counts.departement_offers >= 1
    assert_same(counts, brute_force_count(reference_rows, row["romes"], row["lat"],
                                          row["lon"], 5, "974"))


def test_a_row_with_two_wanted_trades_counts_once(snapshot, reference_rows):
    row = next(r for r in reference_rows if len(r["romes"]) > 1 and r["offer"])
    one = snapshot.count(sorted(row["romes"])[:1], row["lat"], row["lon"], 1)
    both = snapshot.count(sorted(row["romes"]), row["lat"], row["lon"], 1)
    slow = brute_force_count(reference_rows, row["romes"], row["lat"], row["lon"], 1)
    assert both.offers == slow.offers and both.offers >= one.offers >= 1


def test_unknown_trades_count_nothing(snapshot):
    counts = snapshot.count(["Z9999"], 48.86, 2.34, 200, "75")
    assert (counts.offers, counts.companies, counts.departement_offers) == (0, 0, 0)


def test_serialisation_round_trip_and_version_check(snapshot):
    data = snapshot.to_bytes()
    again = Snapshot.from_bytes(data)
    assert again.count(["F1603"], 45.76, 4.84, 50, "69") == \
        snapshot.count(["F1603"], 45.76, 4.84, 50, "69")
    import json

    import numpy as np
    with np.load(io.BytesIO(data)) as archive:
        arrays = {k: archive[k] for k in archive.files}
    header = json.loads(arrays["header"].tobytes())
    header["version"] = 99
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    with pytest.raises(SnapshotFormatError, match="version 99"):
        Snapshot.from_bytes(buffer.getvalue())
    with pytest.raises(SnapshotFormatError):
        Snapshot.from_bytes(b"not a snapshot")


def test_invalid_items_are_counted_and_skipped(small_export):
    items, expected = with_invalid_items(small_export)
    stats = ReadStats()
    rows = list(read_rows(iter_export(io.BytesIO(export_bytes(items, gzipped=True))), stats))
    assert stats.items == len(items)
    assert (stats.invalid, stats.inactive, stats.without_trade) == \
        (expected["invalid"], expected["inactive"], expected["without_trade"])
    assert len(rows) == stats.offers + stats.recruiters == len(small_export)


def test_search_shaped_files_are_read_too(small_export):
    offers = [i for i in small_export if "offer" in i]
    recruiters = [i for i in small_export if "offer" not in i]
    body = export_bytes({"jobs": offers, "recruiters": recruiters, "warnings": []})
    stats = ReadStats()
    assert len(list(read_rows(iter_export(io.BytesIO(body)), stats))) == len(small_export)
    assert (stats.offers, stats.recruiters) == (len(offers), len(recruiters))


@pytest.mark.parametrize("body", [b"", b"   ", b'"text"', b'[{"identifier": {"id": "x"}',
                                  b"\x1f\x8b\x08\x00broken"])
def test_broken_or_truncated_files_are_malformed(body):
    with pytest.raises(MalformedExport):
        list(iter_export(io.BytesIO(body)))


def test_departement_from_postcode_or_nearest_commune():
    # Postal code trusted when its commune is near the point.
    assert departement_of(48.8589, 2.3801, "10 rue Exemple 75011 Paris") == "75"
    # A CEDEX-like code far away: the nearest commune decides.
    assert departement_of(45.7589, 4.8414, "BP 12 75998 Paris Cedex") == "69"
    assert departement_of(-21.1151, 55.5364, None) == "974"
    assert departement_of(41.9192, 8.7386, None) == "2A"
    # Nearest commune agrees with a plain scan of every commune.
    for lat, lon in [(48.0, -4.9), (43.4, 3.7), (16.25, -61.58), (-12.78, 45.23), (50.0, 30.0)]:
        best = min(referentials._communes().communes, key=lambda c: (
            math.radians(c.latitude - lat) ** 2
            + (math.cos(math.radians(lat)) * math.radians(c.longitude - lon)) ** 2))
        assert nearest_commune(lat, lon).insee == best.insee


def test_counts_across_the_antimeridian_and_near_the_poles():
    """Few communes lie there: a snapshot of made-up rows around those places."""
    from widgets.market.export_schema import Row
    places = [(-14.3, 179.95), (-14.3, -179.95), (-14.2, 179.5), (-13.9, -178.9),
              (89.95, 0.0), (89.9, 120.0), (89.95, -90.0), (-89.9, 45.0), (0.0, 180.0),
              (0.0, -180.0), (10.0, 0.05), (10.0, -0.05)]
    rows = [Row("offer" if i % 3 else "recruiter", lat, lon, ("F1603",) if i % 2 else
                ("F1603", "D1102"), 3 + i % 5, "4322A", "Plomberie", 1 + i % 2, "test",
                f"company-{i % 5}", None) for i, (lat, lon) in enumerate(places)]
    snapshot = Snapshot.from_bytes(Snapshot.build(
        rows, as_of="2026-11-28", source="test", departement_of=lambda *a: "986").to_bytes())
    reference = rows_of(snapshot)
    for lat, lon in places + [(-14.25, 180.0), (89.99, 179.0), (-89.99, 0.0)]:
        for radius in (1, 10, 50, 120, 200):
            for romes in (["F1603"], ["D1102", "F1603"]):
                assume_free = all(abs(d - radius) > 1e-6 for d in distances(reference, lat, lon))
                if assume_free:
                    assert_same(snapshot.count(romes, lat, lon, radius, "986"),
                                brute_force_count(reference, romes, lat, lon, radius, "986"))
    wallis = snapshot.count(["F1603"], -14.3, 179.99, 20)
    assert wallis.offers + (wallis.companies - wallis.offers) >= 2   # both sides counted


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_rows_with_many_trades_count_once(data):
    """Rows with 1 to 6 ROME codes (the synthetic export has at most 2 per row)."""
    from widgets.market.export_schema import Row
    codes = ["A1101", "B1101", "C1101", "D1101", "E1101", "F1101", "G1101"]
    rows = []
    for i in range(data.draw(st.integers(1, 25))):
        romes = tuple(data.draw(st.lists(st.sampled_from(codes), min_size=1, max_size=6,
                                         unique=True)))
        lat, lon = 45.0 + (i % 5) * 0.01, 4.0 + (i % 3) * 0.01
        rows.append(Row("offer" if i % 4 else "recruiter", lat, lon, romes, 3 + i % 5, "",
                        "", 1, "test", f"c{i % 7}", None))
    snapshot = Snapshot.from_bytes(Snapshot.build(
        rows, as_of="2026-11-28", source="test", departement_of=lambda *a: "69").to_bytes())
    wanted = data.draw(st.lists(st.sampled_from(codes), min_size=1, max_size=7))
    reference = rows_of(snapshot)
    assert_same(snapshot.count(wanted, 45.02, 4.01, 10, "69"),
                brute_force_count(reference, wanted, 45.02, 4.01, 10, "69"))
