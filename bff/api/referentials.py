"""JSON API v1: the autocompletes of the offer search box (trades, communes).

Both answer from local, static reference data (``widgets.offers.referentials``), so
shared caches may keep an answer for a day.
"""
from __future__ import annotations

from flask import jsonify
from marshmallow import Schema, fields, validate

from bff.api import bp, load_query
from widgets.offers import referentials
from widgets.offers.format import level_name
from widgets.offers.links import lba_search_url

MAX_ITEMS = 20
STATIC_DATA_MAX_AGE = 86400


class AutocompleteQuery(Schema):
    q = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100,
                                 error="Saisissez entre {min} et {max} caractères."),
        error_messages={"required": "Saisissez au moins un caractère.",
                        "invalid": "Texte attendu."},
    )


QUERY = AutocompleteQuery()


def trade_json(trade: referentials.Trade) -> dict:
    item = {"label": trade.label, "romes": list(trade.romes), "kind": trade.kind,
            "matched": trade.matched or trade.label}
    if trade.kind == "diploma":
        item.update(rncp=trade.rncp or None, cfd=trade.cfd or None, level=trade.level,
                    level_name=level_name(trade.level))
    return item


def commune_json(commune: referentials.Commune) -> dict:
    return {"insee": commune.insee, "name": commune.name, "postcodes": list(commune.postcodes),
            "departement": commune.departement, "latitude": commune.latitude,
            "longitude": commune.longitude, "label": commune.label}


def _items(items, **extra):
    response = jsonify({"items": items, **extra})
    response.headers["Cache-Control"] = f"public, max-age={STATIC_DATA_MAX_AGE}"
    return response


@bp.get("/trades")
def trades():
    """Job titles, ROME labels, LBA trade groups and diplomas matching ``q``, with their
    ROME codes; when nothing matches, the same words on La bonne alternance."""
    q = load_query(QUERY)["q"]
    items = [trade_json(t) for t in referentials.search_trades(q, MAX_ITEMS)]
    if not items:
        return _items(items, lba_url=lba_search_url(" ".join(q.split()), None, None))
    return _items(items)


@bp.get("/communes")
def communes():
    """Communes matching ``q`` by name, postal code or INSEE code, with a centre point."""
    q = load_query(QUERY)["q"]
    return _items([commune_json(c) for c in referentials.search_communes(q, MAX_ITEMS)])
