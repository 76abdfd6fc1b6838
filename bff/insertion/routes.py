"""Routes of the insertion widget: ``GET /api/v1/insertion`` (JSON) and the widget page
``GET /widgets/v1/insertion`` (three bars, an accessible table, the definitions; no
JavaScript needed). Both take the same parameters (``widgets.insertion.schema``)."""
from __future__ import annotations

import json

from flask import current_app, make_response, render_template, request
from marshmallow import EXCLUDE, ValidationError

from bff import context
from bff.insertion.service import Outcome, insertion_outcome, plain_texts
from bff.web import api, load_query, pages
from widgets.insertion import answer as fmt
from widgets.insertion.rules import BARS, millesime_label, request_of
from widgets.insertion.schema import InsertionQuery
from widgets.registry import WIDGETS

QUERY = InsertionQuery()
# Served while the API fails (a stale copy, the CFA's figures): browsers and shared
# caches keep it briefly, so the real figures come back soon after the API does.
DEGRADED_CACHE_CONTROL = "public, max-age=30"
RETRY_AFTER = "60"


def json_response(body: dict, status: int = 200):
    """JSON in the documented key order (``jsonify`` would sort the keys)."""
    return current_app.response_class(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")), status=status,
        mimetype="application/json")


def error_message(outcome: Outcome, text) -> str:
    if outcome.error == "upstream_unavailable":
        return text("insertion.unavailable")
    if outcome.reason == "not_final_year" and outcome.codes:
        return text("insertion.not_found.not_final_year", codes=", ".join(outcome.codes))
    if outcome.millesimes:
        listed = ", ".join(millesime_label(m) for m in outcome.millesimes)
        return text("insertion.not_found.millesime", millesimes=listed)
    return text("insertion.not_found")


@api.get("/insertion")
def insertion():
    """Insertion rates of a CFA, a certification, or both (InserJeunes)."""
    query = load_query(QUERY)
    text = plain_texts(context.current().texts)
    outcome = insertion_outcome(request_of(query))
    if outcome.status != 200:
        body = {"error": {"code": outcome.error, "message": error_message(outcome, text)}}
        if outcome.status == 404:
            body["millesimes"] = list(outcome.millesimes)
        response = json_response(body, outcome.status)
        if outcome.status == 503:
            response.headers["Retry-After"] = RETRY_AFTER
        return response
    response = json_response(fmt.answer_json(outcome.result, text, outcome.compared))
    if outcome.degraded:
        response.headers["Cache-Control"] = DEGRADED_CACHE_CONTROL
    return response


@pages.get("/insertion", endpoint="insertion")
def insertion_page():
    context.require_caller()
    spec = WIDGETS["insertion"]
    text = plain_texts(context.current().texts)
    view = dict(widget_name=spec.name, widget_title=spec.title, text=text, fmt=fmt,
                bar_keys=BARS, errors=None, outcome=None, message=None)
    args = request.args.to_dict(flat=True)
    if not any(args.get(name, "").strip() for name in QUERY.fields):
        # Nothing asked (yet): say so in the frame, as other widgets show an empty state.
        view["message"] = text("insertion.empty")
        return render_template("insertion/page.html", **view)
    try:
        query = QUERY.load(args, unknown=EXCLUDE)
    except ValidationError as error:
        view["errors"] = _page_errors(error.normalized_messages())
        return make_response(render_template("insertion/page.html", **view), 400)
    outcome = insertion_outcome(request_of(query))
    view["outcome"] = outcome
    if outcome.status != 200:
        view["message"] = error_message(outcome, text)
        response = make_response(render_template("insertion/page.html", **view),
                                 outcome.status)
        if outcome.status == 503:
            response.headers["Retry-After"] = RETRY_AFTER
        return response
    columns = [outcome.result] + ([outcome.compared] if outcome.compared else [])
    view.update(
        result=outcome.result, compared=outcome.compared, columns=columns,
        notes=fmt.notes_json(outcome.result, text),
        compared_notes=fmt.notes_json(outcome.compared, text) if outcome.compared else [],
        families=[(name, fmt.rows_of(columns, keys)) for name, keys in fmt.FAMILIES],
    )
    response = make_response(render_template("insertion/page.html", **view))
    if outcome.degraded:
        response.headers["Cache-Control"] = DEGRADED_CACHE_CONTROL
    return response


def _page_errors(messages: dict) -> list[tuple[str, str]]:
    """(parameter, French message) pairs, in the schema's order."""
    order = list(QUERY.fields) + ["_schema"]
    pairs = []
    for name in sorted(messages, key=lambda n: order.index(n) if n in order else len(order)):
        value = messages[name]
        for message in value if isinstance(value, list) else [str(value)]:
            pairs.append(("" if name == "_schema" else name, message))
    return pairs
