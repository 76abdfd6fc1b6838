"""Wish summary: page ``/widgets/v1/wish-summary`` and API ``/api/v1/wish-summary``.

The page never waits on an upstream: the calendar and the pay range are computed here
from bundled or published data, the market counts come from caches or a snapshot only
(``bff.providers.market_counts(..., wait=False)``). Counts not known yet are shown as a
"Voir les offres" link; ``static/js/wish-summary.js`` then asks this same page for its
market line (``fragment=market``, which may wait for the source within its budget) and
swaps it in. Each line opens the full widget in the same frame, with a way back
(``bff.navigation``).

The JSON answer holds the same facts as data; it may wait for the market source (within
its time budget): a platform that renders the summary itself gets the counts in one call.
"""
from __future__ import annotations

from flask import jsonify, make_response, render_template, request, url_for
from marshmallow import ValidationError

from bff import context, navigation
from bff.clock import paris_today
from bff.providers import MarketUnavailable, market_counts, outcomes_for
from bff.storage.campaigns import campaigns_for
from bff.web import api, errors_response, pages, query_args
from widgets.calendar.dates import french_date
from widgets.calendar.view import resolve_calendar
from widgets.offers.query import resolve
from widgets.registry import WIDGETS
from widgets.wish_summary import view as summary_view
from widgets.wish_summary.market import KNOWN, NO_SEARCH, PENDING, UNAVAILABLE
from widgets.wish_summary.params import WISH_PARAMETERS, WishSummaryQuery
from widgets.wish_summary.view import Market, build_summary, summary_json

SPEC = WIDGETS["wish-summary"]
QUERY = WishSummaryQuery()
TRAINING = ("romes", "rncp", "cfd")
PLACE = ("insee", "postcode", "latitude")
FIELD_LABELS = {
    "platform": "Plateforme (platform)", "formation_start": "Début de la formation "
    "(formation_start)", "romes": "Codes ROME (romes)", "rncp": "Code RNCP (rncp)",
    "cfd": "Code formation diplôme (cfd)", "insee": "Code commune INSEE (insee)",
    "postcode": "Code postal (postcode)", "latitude": "Latitude (latitude)",
    "longitude": "Longitude (longitude)", "radius": "Rayon (radius)",
    "academie": "Académie (academie)", "uai": "Code UAI (uai)",
    "cle_ministere_educatif": "Clé ministère éducatif (cle_ministere_educatif)",
    "formation_label": "Intitulé de la formation (formation_label)",
    "today": "Date du jour (today)",
}
# What each full widget is opened with, from the wish's parameters.
OPENS = {
    "calendar": ("platform", "formation_start", "academie", "romes", "rncp", "cfd", "insee",
                 "postcode", "latitude", "longitude", "today"),
    "pay-simulator": ("formation_start",),
    "offer-search": ("romes", "rncp", "cfd", "insee", "postcode", "latitude", "longitude",
                     "radius"),
    "guide": ("platform", "cle_ministere_educatif"),
    "insertion": ("uai", "cfd"),
}


def market_for(params: dict, wait: bool) -> Market:
    """The market line: counts from the provider (caches only unless ``wait``)."""
    radius = params["radius"]
    if not (any(params.get(n) for n in TRAINING) and any(params.get(n) for n in PLACE)):
        return Market(NO_SEARCH, radius)
    try:
        search = resolve({name: params.get(name) for name in
                          TRAINING + PLACE + ("longitude", "radius")})
    except ValidationError as error:
        # Well-formed codes we cannot resolve (a newer diploma, a merged commune): the
        # rest of the summary still stands; the offer search form will say what is wrong.
        return Market(UNAVAILABLE, radius, errors=error.normalized_messages())
    labels = {"trade_label": search.trade_label, "place_label": search.place_label}
    try:
        counts = market_counts(search, wait=wait)
    except MarketUnavailable:
        return Market(UNAVAILABLE, radius, **labels)
    if counts is None:
        return Market(PENDING, radius, **labels)
    return Market(KNOWN, radius, counts, **labels)


def summarize(params: dict, wait: bool):
    ctx = context.current()
    calendar = resolve_calendar(
        {k: params.get(k) for k in ("platform", "formation_start", "academie", "today")},
        caller=ctx.caller_name, platform=ctx.caller.platform if ctx.caller else None,
        campaigns_for=campaigns_for, value_of=ctx.texts.value, today=paris_today())
    return build_summary(calendar, market=market_for(params, wait),
                         outcomes=outcomes_for(params, wait),
                         label=params.get("formation_label"), value_of=ctx.texts.value)


def wish_values(summary) -> dict[str, str]:
    """The wish's parameters as query values (what the summary's own URL carries)."""
    raw = query_args()
    values = {name: raw[name].strip(" \t\r\n") for name in WISH_PARAMETERS
              if raw.get(name, "").strip(" \t\r\n")}
    values["platform"] = summary.platform
    return values


def frame_links(summary) -> dict[str, str | None]:
    """Links that open each full widget in this frame, with the way back here."""
    values = wish_values(summary)
    back = url_for(SPEC.endpoint, **values, **navigation.frame_args())
    links = {name: navigation.widget_url(name, {k: values.get(k) for k in keys}, back=back)
             for name, keys in OPENS.items()}
    if summary.outcomes is None:
        links["insertion"] = None
    links["self"] = back
    links["market_fragment"] = url_for(SPEC.endpoint, **values, **navigation.frame_args(),
                                       fragment="market")
    return links


def public_links(summary) -> dict[str, str | None]:
    """Absolute links to each full widget on its own, for platforms rendering the JSON."""
    values = wish_values(summary)
    caller = context.current().caller_name
    links = {}
    for name, keys in OPENS.items():
        spec = WIDGETS.get(name)
        if spec is None or (name == "insertion" and summary.outcomes is None):
            links[name] = None
            continue
        query = {k: values[k] for k in keys if k in values}
        if caller:
            query["caller"] = caller
        links[name] = context.public_url(url_for(spec.endpoint, **query))
    return links


def _error_page(messages: dict, status: int = 400):
    messages = messages if isinstance(messages, dict) else {"_schema": list(messages)}
    return render_template("wish_summary/page.html", widget_name=SPEC.name,
                           widget_title=context.text_value("wish_summary.title"),
                           summary=None, errors=messages, labels=FIELD_LABELS), status


@pages.get("/wish-summary", endpoint="wish_summary")
def wish_summary_page():
    """The compact summary; ``fragment=market`` answers its market line alone."""
    context.require_caller()
    fragment = request.args.get("fragment") == "market"
    try:
        params = QUERY.load(query_args())
        summary = summarize(params, wait=fragment)
    except ValidationError as error:
        return _error_page(error.messages)
    values = dict(summary=summary, links=frame_links(summary), french_date=french_date,
                  amount_range=summary_view.amount_range,
                  market_sentence=summary_view.market_sentence(summary.market,
                                                               context.text_value),
                  widget_name=SPEC.name,
                  widget_title=context.text_value("wish_summary.title"))
    if fragment:
        return not_kept_while_counts_may_change(
            make_response(render_template("wish_summary/market_fragment.html", **values)),
            summary.market)
    response = make_response(render_template("wish_summary/page.html", errors={}, **values))
    return not_kept_while_counts_may_change(response, summary.market)


PENDING_CACHE_CONTROL = "private, max-age=30"


def not_kept_while_counts_may_change(response, market: Market):
    """Counts not known yet, or a source that just failed: the next request may know more,
    so no shared cache keeps this answer (the page micro-cache and shared caches keep only
    ``public`` answers). Counts not known yet: the candidate's own browser may show the page
    again for 30 s (its script fills the counts in from the market fragment, which caches
    keep once known), so reopening a wish costs no round trip. A source that just failed:
    browsers revalidate with the ETag."""
    if market.status == PENDING:
        response.headers["Cache-Control"] = PENDING_CACHE_CONTROL
    elif market.status == UNAVAILABLE and not market.errors:
        response.headers["Cache-Control"] = "no-cache"
    return response


@api.get("/wish-summary")
def wish_summary():
    """The wish summary as data: now, next deadline, pay range, market, outcomes, links."""
    params = QUERY.load(query_args())
    try:
        summary = summarize(params, wait=True)
    except ValidationError as error:
        return errors_response(error.messages)
    return not_kept_while_counts_may_change(
        jsonify(summary_json(summary, public_links(summary))), summary.market)
