"""Links to La bonne alternance, where the candidate can always continue a search."""
from __future__ import annotations

from urllib.parse import urlencode

LBA_BASE = "https://labonnealternance.apprentissage.beta.gouv.fr"
# One of the values LBA's /recherche accepts (suggestion, free_text, training_links,
# external_sites); LBA drops any other value (the search then has no recorded origin).
LBA_SOURCE = "external_sites"


def lba_search_url(trade_label: str | None, latitude: float | None, longitude: float | None,
                   place_label: str | None = None, radius: int | None = None) -> str:
    """LBA's job search for the same trade and place (its 2026 ``/recherche`` contract:
    ``mode, q, lieu_label, latitude, longitude, radius, source``; see docs/widgets/offer-search.md). ``source=external_sites`` is the value LBA asks external sites to send
    (labonnealternance ``ui/app/(candidat)/(recherche)/recherche/_utils/search.params.utils.ts``)."""
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
    params["source"] = LBA_SOURCE
    return f"{LBA_BASE}/recherche?{urlencode(params)}"
