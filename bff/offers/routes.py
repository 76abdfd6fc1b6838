"""Offer search: page ``/widgets/v1/offer-search``, API ``/api/v1/offers`` and the
autocompletes of its form, ``/api/v1/trades`` and ``/api/v1/communes``.

The page works without JavaScript: a GET form, results rendered here, "show more" as a
link to the next page. ``static/js/offer-search.js`` adds the autocompletes and swaps
results in place by fetching this same page. The autocompletes answer from local,
static reference data (``widgets.offers.referentials``), so shared caches may keep an
answer for a day.
"""
from __future__ import annotations

from flask import jsonify, render_template, request, url_for
from markupsafe import Markup
from marshmallow import Schema, ValidationError, fields, validate

from bff import context, navigation
from bff.providers import market_counts
from bff.offers.service import OffersUnavailable, fallback_url, offers_answer, offers_service

from bff.upstream.apprentissage import UpstreamRejected
from bff.web import api, errors_response, load_query, pages
from widgets.numbers import whole_number_text
from widgets.offers import format as fmt
from widgets.offers import referentials
from widgets.offers.format import level_name
from widgets.offers.links import lba_search_url
from widgets.offers.form import (FIELD_OF, PLACE_CODES, TRADE_CODES, radius_choices, read_form,
                                 wider_radius)
from widgets.offers.query import OffersQuerySchema, resolve
from widgets.offers.results import PAGE_SIZE
from widgets.wish_summary.market import MarketCounts, counts_from_search

QUERY = OffersQuerySchema()
HIDDEN_CODES = TRADE_CODES + PLACE_CODES + ("diploma_level",)


def _field_errors(state) -> dict:
    return {name: context.text(key, **values) for name, (key, values) in state.errors.items()}


def _radius(state, search) -> int:
    if search:
        return search.radius
    # ASCII digits and length first: int() accepts "²"-like digits it cannot convert and
    # refuses thousands of digits.
    text = whole_number_text(str(state.query.get("radius", "")), max_digits=3)
    return int(text) if text is not None and 1 <= int(text) <= 200 else 30


def count_words(n: int, kind: str, capped: bool = False) -> str:
    """"aucune offre", "1 offre", "5 offres", "150 offres ou plus" (``kind``: "offers" or
    "companies"; ``capped``: the source stopped at ``n``)."""
    key = (f"offers.{kind}_capped" if capped else f"offers.{kind}_none" if n == 0
           else f"offers.{kind}_one" if n == 1 else f"offers.{kind}_many")
    return context.text(key, n=n).unescape()


def sentence(value: Markup) -> Markup:
    """The text with its first letter capitalised: "aucune offre et…" → "Aucune offre et…"."""
    return Markup(value[:1].upper() + value[1:])


def results_heading(counts: MarketCounts, trade: str, radius: int, place: str) -> Markup:
    """The results' title, counts first and in words ("1 offre et aucune entreprise…")."""
    if not counts.offers.value and not counts.companies.value:
        return context.text("offers.empty", radius=radius, place=place, trade=trade)
    return sentence(context.text(
        "offers.results_heading",
        offers=count_words(counts.offers.value, "offers", counts.offers.capped),
        companies=count_words(counts.companies.value, "companies", counts.companies.capped),
        radius=radius, place=place, trade=trade))


def heading_counts(search, outcome) -> MarketCounts:
    """What the heading says: the true number of offers from the job-market snapshot when
    one is loaded (with its date), else the listed offers, "150 ou plus" when the source
    stopped there; the companies are the listed ones (those to apply to spontaneously)."""
    listed = counts_from_search(outcome.results, source=outcome.source)
    market = market_counts(search, wait=False)
    if market is None or market.source != "export":
        return listed
    return MarketCounts(market.offers, listed.companies, market.as_of, source="export")


def _page_url(base_args: dict, **changes) -> str:
    args = {k: v for k, v in dict(base_args, **changes).items() if v not in (None, "")}
    return url_for("pages.offer_search", **args)


@pages.get("/offer-search")
def offer_search():
    context.require_caller()
    ctx = context.current()
    state = read_form(request.args.to_dict(flat=True))
    errors = _field_errors(state)
    search = outcome = None
    unavailable_url = None
    if state.ready and not errors:
        try:
            search = resolve(QUERY.load(state.query))
        except ValidationError as error:
            for name, messages in error.normalized_messages().items():
                field = FIELD_OF.get(name, "trade")
                errors.setdefault(field, messages[0] if isinstance(messages, list) else messages)
        else:
            try:
                outcome = offers_service().search(search)
            except OffersUnavailable:
                unavailable_url = fallback_url(search)
            except UpstreamRejected:
                errors["trade"] = context.text("offers.trade_unknown", text=state.trade_text)

    base_args = {"caller": ctx.caller_name, "host_origin": ctx.host_origin}
    base_args.update({k: v for k, v in state.query.items() if k in HIDDEN_CODES + ("radius",)})
    base_args.update(navigation.frame_fields())   # theme, way back to the wish summary
    view = dict(
        widget_name="offer-search", widget_title=context.text("offers.title"),
        state=state, errors=errors, search=search, outcome=outcome,
        trade_lba_url=state.trade_lba_url if "trade" in state.errors else "",
        unavailable_url=unavailable_url, fmt=fmt, page_size=PAGE_SIZE,
        hidden={k: state.query[k] for k in HIDDEN_CODES if k in state.query},
        radius=_radius(state, search),
    )
    view["radius_choices"] = radius_choices(view["radius"])
    if outcome is not None:
        page = search.page
        results = outcome.results
        shown = page * PAGE_SIZE
        counts = {"offers": len(results["offers"]), "companies": len(results["companies"])}
        first_new = (page - 1) * PAGE_SIZE + 1
        trade = (state.trade_text or search.trade_label
                 or context.text("offers.trade_fallback").unescape())
        place = search.place_label or context.text("offers.place_fallback").unescape()
        view.update(
            offers=results["offers"][:shown], companies=results["companies"][:shown],
            counts=counts, first_new=first_new, lba_url=fallback_url(search),
        )
        said = heading_counts(search, outcome)
        view["heading"] = results_heading(said, trade, search.radius, place)
        if said.source == "export" and said.as_of:
            view["counts_as_of"] = context.text("offers.counts_as_of",
                                                date=said.as_of.strftime("%d/%m/%Y"))
        if page > 1:
            added = {kind: max(0, min(counts[kind], shown) - (first_new - 1))
                     for kind in ("offers", "companies")}
            view["more_loaded"] = sentence(context.text(
                "offers.more_loaded", offers=count_words(added["offers"], "offers"),
                companies=count_words(added["companies"], "companies"), first=first_new))
        more = len(results["offers"]) > shown or len(results["companies"]) > shown
        if more:
            anchor = "offer" if len(results["offers"]) > shown else "company"
            view["more_url"] = _page_url(base_args, page=page + 1) + f"#{anchor}-{shown + 1}"
        wider = wider_radius(search.radius)
        if wider:
            view["wider_url"] = _page_url(base_args, radius=wider, page=None)
            view["wider_radius"] = wider
    return render_template("offers/page.html", **view)


# -- JSON API ------------------------------------------------------------------------------
UNAVAILABLE_MESSAGE = ("Le service des offres d'apprentissage ne répond pas pour le moment. "
                       "Vous pouvez chercher directement sur La bonne alternance.")


@api.get("/offers")
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


# -- autocompletes ---------------------------------------------------------------------------
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


AUTOCOMPLETE = AutocompleteQuery()


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


@api.get("/trades")
def trades():
    """Job titles, ROME labels, LBA trade groups and diplomas matching ``q``, with their
    ROME codes; when nothing matches, the same words on La bonne alternance."""
    q = load_query(AUTOCOMPLETE)["q"]
    items = [trade_json(t) for t in referentials.search_trades(q, MAX_ITEMS)]
    if not items:
        return _items(items, lba_url=lba_search_url(" ".join(q.split()), None, None))
    return _items(items)


@api.get("/communes")
def communes():
    """Communes matching ``q`` by name, postal code or INSEE code, with a centre point."""
    q = load_query(AUTOCOMPLETE)["q"]
    return _items([commune_json(c) for c in referentials.search_communes(q, MAX_ITEMS)])
