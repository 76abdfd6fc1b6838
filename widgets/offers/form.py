"""The search form of the widget page: from what the host and the candidate sent
to a query for ``OffersQuerySchema``, without JavaScript.

The host presets codes (``romes``/``rncp``/``cfd``, ``insee``/``postcode``/coordinates);
the page shows their labels in the text fields. When the candidate edits a text
field without picking a suggestion (no JavaScript, or typed and submitted), the
text wins: it is looked up in the reference data and replaces the preset codes.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from widgets.offers import referentials
from widgets.offers.links import lba_search_url
from widgets.offers.query import trade_label_of

RADIUS_CHOICES = (10, 30, 60, 100, 200)
TRADE_CODES = ("romes", "rncp", "cfd")
PLACE_CODES = ("insee", "postcode", "latitude", "longitude")
PASSED_THROUGH = TRADE_CODES + PLACE_CODES + ("radius", "diploma_level", "page")


def comparable(text: str | None) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c))
                    .casefold().split())


@dataclass
class FormState:
    trade_text: str = ""
    place_text: str = ""
    query: dict = field(default_factory=dict)     # for OffersQuerySchema
    errors: dict = field(default_factory=dict)    # field → [French message keys + context]
    trade_lba_url: str = ""    # typed words nothing matched: the same words on LBA
    submitted: bool = False
    ready: bool = False        # a trade and a place are known: search


def place_label_of(args: dict) -> str:
    if args.get("insee"):
        commune = referentials.commune_by_insee(args["insee"])
        return commune.label if commune else ""
    if args.get("postcode"):
        found = referentials.communes_by_postcode(args["postcode"])
        return found[0].label if found else ""
    return ""


def trade_label_from_codes(args: dict) -> str:
    """The trade field's text for the host's codes: a diploma's own title ("BTS Management
    commercial opérationnel"), else its main job (the first ROME code of its RNCP
    sheet), else the label of the ROME codes."""
    if args.get("romes"):
        codes = tuple(sorted({c.strip().upper() for c in args["romes"].split(",") if c.strip()}))
        return trade_label_of(codes) or ""
    if args.get("cfd"):
        diploma = referentials.diploma_by_cfd(args["cfd"])
        if diploma:
            return diploma.label
        return trade_label_of(referentials.romes_for_cfd(args["cfd"])) or ""
    if args.get("rncp"):
        diploma = referentials.diploma_by_rncp(args["rncp"])
        if diploma:
            return diploma.label
        return trade_label_of(referentials.romes_for_rncp(args["rncp"])) or ""
    return ""


def trade_codes(trade: referentials.Trade) -> dict:
    """The query codes of a chosen suggestion: a diploma by its code, a trade by ROME."""
    if trade.kind == "diploma" and trade.cfd:
        return {"cfd": trade.cfd}
    return {"romes": ",".join(trade.romes[:20])}


def read_form(args: dict) -> FormState:
    """``args``: the page's query string, one value per name."""
    # The form always sends "trade" and "place" (maybe empty); a host's URL does not.
    by_form = "trade" in args or "place" in args
    args = {k: v.strip() for k, v in args.items() if isinstance(v, str) and v.strip()}
    query = {k: args[k] for k in PASSED_THROUGH if k in args}
    state = FormState(query=query)
    state.submitted = by_form or any(k in args for k in TRADE_CODES + PLACE_CODES)

    preset_trade = trade_label_from_codes(args)
    typed_trade = args.get("trade")
    state.trade_text = typed_trade or preset_trade
    if typed_trade and comparable(typed_trade) != comparable(preset_trade):
        for name in TRADE_CODES:
            query.pop(name, None)
        found = referentials.search_trades(typed_trade, limit=1)
        if found:
            query.update(trade_codes(found[0]))
            state.trade_text = found[0].label
        else:
            state.errors["trade"] = ("offers.trade_unknown", {"text": typed_trade})
            state.trade_lba_url = lba_search_url(" ".join(typed_trade.split()), None, None)

    preset_place = place_label_of(args)
    typed_place = args.get("place")
    state.place_text = typed_place or preset_place
    if typed_place and comparable(typed_place) != comparable(preset_place):
        for name in PLACE_CODES:
            query.pop(name, None)
        found = (referentials.communes_by_postcode(typed_place) if typed_place.isdigit()
                 else []) or referentials.search_communes(typed_place, limit=1)
        if found:
            query["insee"] = found[0].insee
            state.place_text = found[0].label
        else:
            state.errors["place"] = ("offers.place_unknown", {"text": typed_place})
    state.ready = (any(k in query for k in TRADE_CODES)
                   and any(k in query for k in PLACE_CODES))
    if by_form:
        # Only the candidate's own submission earns "missing" errors: a host that
        # preset just a trade gets a form waiting for a place, not a red field.
        if "trade" not in state.errors and not any(k in query for k in TRADE_CODES):
            state.errors["trade"] = ("offers.trade_missing", {})
        if "place" not in state.errors and not any(k in query for k in PLACE_CODES):
            state.errors["place"] = ("offers.place_missing", {})
    return state


# Which form field shows the error of each query parameter.
FIELD_OF = {"romes": "trade", "rncp": "trade", "cfd": "trade", "insee": "place",
            "postcode": "place", "latitude": "place", "longitude": "place",
            "radius": "radius", "diploma_level": "trade", "page": "radius"}


def radius_choices(current: int | None) -> list[int]:
    choices = set(RADIUS_CHOICES)
    if current:
        choices.add(current)
    return sorted(choices)


def wider_radius(current: int) -> int | None:
    bigger = [r for r in RADIUS_CHOICES if r > current]
    return bigger[0] if bigger else None
