"""``GET /api/v1/offers``: apprenticeship offers and recruiting companies near a place."""
from __future__ import annotations

from flask import jsonify

from bff.api import bp, errors_response, load_query
from bff.offers_service import OffersUnavailable, fallback_url, offers_answer
from bff.upstream.apprentissage import UpstreamRejected
from widgets.offers.query import OffersQuerySchema, resolve

QUERY = OffersQuerySchema()
UNAVAILABLE_MESSAGE = ("Le service des offres d'apprentissage ne répond pas pour le moment. "
                       "Vous pouvez chercher directement sur La bonne alternance.")


@bp.get("/offers")
def offers():
    search = resolve(load_query(QUERY))
    try:
        answer = offers_answer(search)
    except UpstreamRejected:
        field = "rncp" if search.rncp else "romes"
        return errors_response({field: ["La recherche a été refusée : vérifiez les codes "
                                        "métier ou le code RNCP."]})
    except OffersUnavailable:
        return jsonify({"error": {"code": "upstream_unavailable", "message": UNAVAILABLE_MESSAGE},
                        "fallback_url": fallback_url(search)}), 502
    response = jsonify(answer)
    # Offers change through the day; browsers may keep a page for a minute, shared caches not.
    response.headers["Cache-Control"] = "private, max-age=60"
    return response
