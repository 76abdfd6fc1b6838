"""Widget page of the offer search box: ``/widgets/v1/offer-search``.

Works without JavaScript: a GET form, results rendered here, "show more" as a
link to the next page. ``static/js/offer-search.js`` adds the autocompletes and
swaps results in place by fetching this same page.
"""
from __future__ import annotations

from flask import render_template, request, url_for
from markupsafe import Markup
from marshmallow import ValidationError

import widgets.offers.texts  # noqa: F401  (declares the texts)
from bff.offers_service import OffersUnavailable, fallback_url, offers_service
from bff.pages import bp, host_origin, require_caller
from bff.texts import text
from bff.upstream.apprentissage import UpstreamRejected
from widgets.offers import format as fmt
from widgets.offers.form import (FIELD_OF, PLACE_CODES, TRADE_CODES, radius_choices, read_form,
                                 wider_radius)
from widgets.offers.query import OffersQuerySchema, resolve
from widgets.offers.results import PAGE_SIZE

QUERY = OffersQuerySchema()
HIDDEN_CODES = TRADE_CODES + PLACE_CODES + ("diploma_level",)


def _field_errors(state) -> dict:
    return {name: text(key, **context) for name, (key, context) in state.errors.items()}


def _radius(state, search) -> int:
    if search:
        return search.radius
    value = str(state.query.get("radius", ""))
    return int(value) if value.isdigit() and 1 <= int(value) <= 200 else 30


def count_words(n: int, kind: str) -> str:
    """"aucune offre", "1 offre", "5 offres" (``kind``: "offers" or "companies")."""
    key = f"offers.{kind}_none" if n == 0 else f"offers.{kind}_one" if n == 1 else f"offers.{kind}_many"
    return text(key, n=n).unescape()


def sentence(value: Markup) -> Markup:
    """The text with its first letter capitalised: "aucune offre et…" → "Aucune offre et…"."""
    return Markup(value[:1].upper() + value[1:])


def results_heading(counts: dict, trade: str, radius: int, place: str) -> Markup:
    """The results' title, counts first and in words ("1 offre et aucune entreprise…")."""
    if not counts["offers"] and not counts["companies"]:
        return text("offers.empty", radius=radius, place=place, trade=trade)
    return sentence(text("offers.results_heading", offers=count_words(counts["offers"], "offers"),
                         companies=count_words(counts["companies"], "companies"),
                         radius=radius, place=place, trade=trade))


def _page_url(base_args: dict, **changes) -> str:
    args = {k: v for k, v in dict(base_args, **changes).items() if v not in (None, "")}
    return url_for("pages.offer_search", **args)


@bp.get("/offer-search")
def offer_search():
    require_caller()
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
                errors["trade"] = text("offers.trade_unknown", text=state.trade_text)

    base_args = {"caller": request.args.get("caller"), "host_origin": host_origin()}
    base_args.update({k: v for k, v in state.query.items() if k in HIDDEN_CODES + ("radius",)})
    context = dict(
        widget_name="offer-search", widget_title=text("offers.title"), host_origin=host_origin(),
        state=state, errors=errors, search=search, outcome=outcome,
        trade_lba_url=state.trade_lba_url if "trade" in state.errors else "",
        unavailable_url=unavailable_url, fmt=fmt, page_size=PAGE_SIZE,
        hidden={k: state.query[k] for k in HIDDEN_CODES if k in state.query},
        radius=_radius(state, search),
    )
    context["radius_choices"] = radius_choices(context["radius"])
    if outcome is not None:
        page = search.page
        results = outcome.results
        shown = page * PAGE_SIZE
        counts = {"offers": len(results["offers"]), "companies": len(results["companies"])}
        first_new = (page - 1) * PAGE_SIZE + 1
        trade = state.trade_text or search.trade_label or text("offers.trade_fallback").unescape()
        place = search.place_label or text("offers.place_fallback").unescape()
        context.update(
            offers=results["offers"][:shown], companies=results["companies"][:shown],
            counts=counts, first_new=first_new, lba_url=fallback_url(search),
            heading=results_heading(counts, trade, search.radius, place),
        )
        if page > 1:
            added = {kind: max(0, min(counts[kind], shown) - (first_new - 1))
                     for kind in ("offers", "companies")}
            context["more_loaded"] = sentence(text(
                "offers.more_loaded", offers=count_words(added["offers"], "offers"),
                companies=count_words(added["companies"], "companies"), first=first_new))
        more = len(results["offers"]) > shown or len(results["companies"]) > shown
        if more:
            anchor = "offer" if len(results["offers"]) > shown else "company"
            context["more_url"] = _page_url(base_args, page=page + 1) + f"#{anchor}-{shown + 1}"
        wider = wider_radius(search.radius)
        if wider:
            context["wider_url"] = _page_url(base_args, radius=wider, page=None)
            context["wider_radius"] = wider
    return render_template("offers/page.html", **context)
