"""JSON API v1: the autocompletes of the offer search box (trades, communes).

Both answer from local, static reference data (``widgets.offers.referentials``), so
shared caches may keep an answer for a day.
"""
from __future__ import annotations

from flask import jsonify
from marshmallow import Schema, fields, validate

from bff.api import bp, load_query
from widgets.offers import referentials

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
    return {"label": trade.label, "romes": list(trade.romes), "kind": trade.kind}


def commune_json(commune: referentials.Commune) -> dict:
    return {"insee": commune.insee, "name": commune.name, "postcodes": list(commune.postcodes),
            "departement": commune.departement, "latitude": commune.latitude,
            "longitude": commune.longitude, "label": commune.label}


def _items(items):
    response = jsonify({"items": items})
    response.headers["Cache-Control"] = f"public, max-age={STATIC_DATA_MAX_AGE}"
    return response


@bp.get("/trades")
def trades():
    """Trade labels (LBA trade groups, ROME labels) matching ``q``, with their ROME codes."""
    q = load_query(QUERY)["q"]
    return _items([trade_json(t) for t in referentials.search_trades(q, MAX_ITEMS)])


@bp.get("/communes")
def communes():
    """Communes matching ``q`` by name, postal code or INSEE code, with a centre point."""
    q = load_query(QUERY)["q"]
    return _items([commune_json(c) for c in referentials.search_communes(q, MAX_ITEMS)])
