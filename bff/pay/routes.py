"""Pay simulator: page ``/widgets/v1/pay-simulator``, API ``/api/v1/pay-simulation``."""
from __future__ import annotations

import simplejson
from flask import current_app, make_response, render_template, request, url_for

from bff.context import require_caller
from bff.web import api, load_query, pages
from widgets.pay.answer import simulation_json
from widgets.pay.page import page_view
from widgets.pay.rules import simulate
from widgets.pay.schema import PayQuery
from widgets.registry import WIDGETS

QUERY = PayQuery()


@pages.get("/pay-simulator")
def pay_simulator():
    """A GET form and its server-rendered result; ``fragment=result`` answers only the
    result region, which static/js/pay.js swaps in place."""
    require_caller()
    view = page_view(request.args)
    fragment = request.args.get("fragment") == "result"
    response = make_response(render_template(
        "pay/fragment.html" if fragment else "pay/simulator.html",
        widget_name="pay-simulator", widget_title=WIDGETS["pay-simulator"].title,
        action=url_for("pages.pay_simulator"), **view))
    if view["submitted"]:
        # The query holds a month of birth: keep the page out of every cache, the
        # browser's disk cache included (candidates often use shared computers).
        response.headers["Cache-Control"] = "no-store"
    return response


@api.get("/pay-simulation")
def pay_simulation():
    """The legal minimum gross and estimated net pay of an apprentice, period by period."""
    query = load_query(QUERY)
    birth_month, contract_start = query.pop("birth_month"), query.pop("contract_start")
    answer = simulation_json(simulate(birth_month, contract_start, **query))
    # simplejson writes Decimal amounts as numbers that keep their cents (1801.80).
    body = simplejson.dumps(answer, use_decimal=True, ensure_ascii=False, separators=(",", ":"))
    # Caching headers come from bff.caching.http: the answer depends on the URL only.
    return current_app.response_class(body, mimetype="application/json")
