"""Where a candidate continues: La bonne alternance and France Travail, same trade, same place."""
from __future__ import annotations

from urllib.parse import urlencode

from widgets.offers.links import lba_search_url  # noqa: F401 (one LBA link for every widget)

FRANCE_TRAVAIL_SEARCH = "https://candidat.francetravail.fr/offres/recherche"
# Radii offered by France Travail's search form are not documented; values above this
# are sent as this.
FRANCE_TRAVAIL_MAX_RADIUS = 100


def france_travail_search_url(trade_label: str | None, insee: str | None,
                              radius: int | None = None) -> str:
    """France Travail's apprenticeship offers (``natureOffre=E2``) near a commune
    (``lieux=<INSEE>``) for a trade (``motsCles``: a ROME filter in this URL is not
    documented)."""
    params = {}
    if trade_label:
        params["motsCles"] = trade_label
    if insee:
        params["lieux"] = insee
        if radius:
            params["rayon"] = str(min(int(radius), FRANCE_TRAVAIL_MAX_RADIUS))
    params.update({"natureOffre": "E2", "offresPartenaires": "true", "tri": "0"})
    return f"{FRANCE_TRAVAIL_SEARCH}?{urlencode(params)}"


def capped_count_label(count: int, cap: int = 150) -> str:
    """How to show a count taken from a search answer capped at ``cap`` items per source:
    "150 ou plus" when it reached the cap (it is then not a count), else the number.
    The market snapshot's counts are true counts and need no such label."""
    return f"{cap} ou plus" if count >= cap else str(count)
