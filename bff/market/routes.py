"""``GET /api/v1/market``: true counts of offers and recruiting companies near a place.

Same trade and place parameters as ``/api/v1/offers`` (parsed and resolved by
``widgets.offers.query``), answered from the snapshot in memory: no upstream call.
"""
from __future__ import annotations

from flask import current_app, jsonify
from marshmallow import ValidationError

from bff.web import api as bp, load_query
from widgets.market.geo import departement_name, nearest_commune
from widgets.market.links import france_travail_search_url, lba_search_url
from widgets.offers import referentials
from widgets.offers.query import OffersQuerySchema, Search, resolve


class MarketQuerySchema(OffersQuerySchema):
    """The offer search's query without its paging and level filter."""

    class Meta(OffersQuerySchema.Meta):
        exclude = ("page", "diploma_level")


QUERY = MarketQuerySchema()
SOURCE_API = "api-apprentissage"


def place_commune(data: dict, search: Search) -> referentials.Commune:
    """The commune of the query: the one named, else the nearest to the coordinates."""
    if data.get("insee"):
        commune = referentials.commune_by_insee(data["insee"])
        if commune is not None:
            return commune
    if data.get("postcode") and data.get("latitude") is None:
        found = referentials.communes_by_postcode(data["postcode"])
        if found:
            return found[0]
    return nearest_commune(search.latitude, search.longitude)


def link_label(search: Search) -> str | None:
    """The first known trade's label alone (search engines want words, not "(+2)")."""
    for code in search.romes:
        trade = referentials.trade_by_rome(code)
        if trade:
            return trade.label
    return None


def market_answer(search: Search, commune: referentials.Commune) -> dict:
    service = current_app.extensions["market"]
    loaded = service.current()
    snapshot = loaded.snapshot
    latitude, longitude = search.center
    counts = loaded.count(search.romes, latitude, longitude, search.radius, commune.departement)
    label = link_label(search)
    place = search.place_label or commune.label
    answer = {
        "query": {"romes": list(search.romes), "trade_label": search.trade_label,
                  "place_label": place, "insee": commune.insee,
                  "latitude": latitude, "longitude": longitude},
        "as_of": snapshot.as_of,
        "radius": search.radius,
        "offers": {"count": counts.offers, "openings": counts.openings},
        "companies": {"count": counts.companies},
        "by_level": counts.by_level,
        "top_sectors": [{"label": label_, "count": n} for label_, n in counts.top_sectors],
        "sources": [{"label": label_, "count": n} for label_, n in counts.by_source],
        "department": {"code": commune.departement,
                       "name": departement_name(commune.departement),
                       "offers": counts.departement_offers,
                       "companies": counts.departement_companies},
        "links": {"lba": lba_search_url(label, search.latitude, search.longitude, place,
                                        search.radius),
                  "france_travail": france_travail_search_url(label, commune.insee,
                                                              search.radius)},
        "source": "demo" if snapshot.demo else SOURCE_API,
        "demo": snapshot.demo,
    }
    tension = current_app.extensions.get("market_tension")
    if tension is not None and search.romes:
        indicator = tension.indicator(search.romes[0], commune.departement)
        if indicator:
            answer["tension"] = indicator
    return answer


@bp.get("/market")
def market():
    data = load_query(QUERY)
    search = resolve(data)
    if not search.romes:
        # resolve() leaves an RNCP it could not map for the upstream; the snapshot has
        # only ROME codes.
        field = "rncp" if data.get("rncp") else "cfd"
        raise ValidationError({field: ["Aucun métier (code ROME) connu pour ce code : "
                                       "indiquez les codes ROME."]})
    response = jsonify(market_answer(search, place_commune(data, search)))
    # The snapshot changes once a day; any cache may keep an answer five minutes.
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
