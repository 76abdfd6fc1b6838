"""JSON API v1 routes of the pay widget."""
from __future__ import annotations

import simplejson
from flask import current_app

from bff.api import bp, load_query
from widgets.pay.answer import simulation_json
from widgets.pay.rules import simulate
from widgets.pay.schema import PayQuery

QUERY = PayQuery()


@bp.get("/pay-simulation")
def pay_simulation():
    """The legal minimum gross and estimated net pay of an apprentice, period by period."""
    query = load_query(QUERY)
    birth_month, contract_start = query.pop("birth_month"), query.pop("contract_start")
    answer = simulation_json(simulate(birth_month, contract_start, **query))
    # simplejson writes Decimal amounts as numbers that keep their cents (1801.80).
    body = simplejson.dumps(answer, use_decimal=True, ensure_ascii=False, separators=(",", ":"))
    # Caching headers come from bff.http_cache: the answer depends on the URL only.
    return current_app.response_class(body, mimetype="application/json")
