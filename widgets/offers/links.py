"""Links to La bonne alternance, where the candidate can always continue a search."""
from __future__ import annotations

from urllib.parse import urlencode

LBA_BASE = "https://labonnealternance.apprentissage.beta.gouv.fr"


def lba_search_url(trade_label: str | None, latitude: float | None, longitude: float | None,
                   place_label: str | None = None, radius: int | None = None) -> str:
    """LBA's job search for the same trade and place (its 2026 ``/recherche`` contract:
    ``mode, q, lieu_label, latitude, longitude, radius``; see docs/widgets/offer-search.md)."""
    params = {"mode": "emplois"}
    if trade_label:
        params["q"] = trade_label
    if place_label:
        params["lieu_label"] = place_label
    if latitude is not None and longitude is not None:
        params["latitude"] = f"{latitude:.4f}"
        params["longitude"] = f"{longitude:.4f}"
    if radius:
        params["radius"] = str(radius)
    params["source"] = "apprentissage-widgets"
    return f"{LBA_BASE}/recherche?{urlencode(params)}"
