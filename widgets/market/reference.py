"""The counts of ``Snapshot.count`` computed the slow, obvious way, for tests and benchmarks.

Every row is visited in plain Python and its distance computed with the offer search's
own ``distance_km``: nothing is shared with the fast path but the snapshot's stored rows.
"""
from __future__ import annotations

from collections import Counter

from widgets.market.snapshot import KIND_OFFER, Counts, Snapshot
from widgets.offers.results import distance_km


def rows_of(snapshot: Snapshot) -> list[dict]:
    """The snapshot's rows as dictionaries, with their ROME codes."""
    romes: list[set] = [set() for _ in range(len(snapshot.lat))]
    for rome_id, row in zip(snapshot.post_rome.tolist(), snapshot.post_row.tolist()):
        romes[row].add(snapshot.romes[rome_id])
    return [{"lat": float(snapshot.lat[i]), "lon": float(snapshot.lon[i]),
             "offer": int(snapshot.kind[i]) == KIND_OFFER, "level": int(snapshot.level[i]),
             "sector": snapshot.sectors[int(snapshot.sector[i])],
             "source": snapshot.sources[int(snapshot.source_id[i])],
             "dept": snapshot.departements[int(snapshot.dept[i])],
             "openings": int(snapshot.openings[i]), "company": int(snapshot.company[i]),
             "romes": romes[i]} for i in range(len(snapshot.lat))]


def distances(rows: list[dict], latitude: float, longitude: float) -> list[float]:
    return [distance_km(latitude, longitude, r["lat"], r["lon"]) for r in rows]


def brute_force_count(rows: list[dict], romes, latitude: float, longitude: float,
                      radius_km: float, departement: str | None = None) -> Counts:
    wanted = set(romes)
    near = [r for r, d in zip(rows, distances(rows, latitude, longitude))
            if r["romes"] & wanted and d <= radius_km]
    offers = [r for r in near if r["offer"]]
    levels = Counter("unknown" if not r["level"] else str(r["level"]) for r in offers)
    sectors = Counter(r["sector"] for r in offers if r["sector"][0])
    sources = Counter(r["source"] for r in offers)
    in_dept = [r for r in rows if departement and r["dept"] == departement
               and r["romes"] & wanted]
    return Counts(
        offers=len(offers),
        openings=sum(r["openings"] for r in offers),
        companies=len({r["company"] for r in near}),
        by_level={key: levels.get(key, 0) for key in ("unknown", "3", "4", "5", "6", "7")},
        top_sectors=[(sector[1], n) for sector, n in sectors.items()],   # unordered
        by_source=sorted(sources.items(), key=lambda item: (-item[1], item[0])),
        departement=departement,
        departement_offers=sum(1 for r in in_dept if r["offer"]),
        departement_companies=len({r["company"] for r in in_dept}))
