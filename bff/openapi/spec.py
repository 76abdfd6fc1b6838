"""The OpenAPI 3 description of the JSON API v1, generated with apispec from the
marshmallow schemas: the query schemas the endpoints validate with, and the answer
shapes of ``bff.openapi.responses``.

Operations are listed here; an operation whose endpoint is not registered in the
app is left out, and a test fails when an API route has no operation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema, fields

from bff.openapi import responses as r
from widgets.registry import WIDGETS

OPENAPI_VERSION = "3.0.3"
BLANK = {"type": "string", "pattern": r"^\s*$", "description": "blank: as if not given"}
JSON = "application/json"


@dataclass(frozen=True)
class Operation:
    endpoint: str                   # Flask endpoint; its rule gives the path
    summary: str
    description: str = ""
    query: str | None = None        # "module:attribute" of the query schema (imported lazily)
    ok: type[Schema] | None = None  # schema of the 200 JSON answer
    ok_media: str = JSON
    tags: tuple[str, ...] = ()
    errors: dict[int, tuple[type[Schema], str]] = field(default_factory=dict)
    example: dict[str, str] = field(default_factory=dict)   # a query answered 200
    # The query schema reads ``name=`` as "not given" (a host's form sends empty fields).
    blank_is_absent: bool = False


BAD_QUERY = {400: (r.ValidationErrors, "Invalid query: French messages per parameter.")}

OPERATIONS = (
    Operation("api.ping", "Liveness of the API", "The trivial route benchmarks compare with.",
              ok=r.Ping, tags=("service",)),
    Operation("api.pay_simulation", "Simulate an apprentice's pay",
              "The legal minimum gross pay and the estimated net pay, period by period, "
              "with the dated figures and their sources.",
              query="widgets.pay.schema:PayQuery", ok=r.PaySimulation, tags=("pay",),
              errors=BAD_QUERY, example={"birth_month": "2008-05", "contract_start": "2026-09-01",
                                         "offered_gross": "1200"}, blank_is_absent=True),
    Operation("api.calendar", "Calendar timeline of a platform's campaign",
              "The platform's steps and the apprenticeship's (contract window, training "
              "start, grace period) for a training start date, with today's position. "
              "platform defaults to the caller's.",
              query="widgets.calendar.params:CalendarQuery", ok=r.Calendar, tags=("calendar",),
              errors=BAD_QUERY, example={"platform": "parcoursup"}, blank_is_absent=True),
    Operation("api.calendar_ics_file", "The calendar timeline as an iCalendar file",
              "Same parameters as /calendar; one all-day event per step boundary.",
              query="widgets.calendar.params:CalendarQuery", ok=None,
              ok_media="text/calendar", tags=("calendar",), errors=BAD_QUERY,
              example={"platform": "affelnet"}, blank_is_absent=True),
    Operation("api.guide", "Content of the guide panel",
              "Key facts, support schemes, questions and answers (filtered by q) and next "
              "steps, each with its source and the date it was checked.",
              query="widgets.guide.params:GuideQuery", ok=r.Guide, tags=("guide",),
              errors=BAD_QUERY, example={"platform": "parcoursup"}, blank_is_absent=True),
    Operation("api.offers", "Search apprenticeship offers and recruiting companies",
              "A trade (ROME codes, RNCP or CFD) and a place (INSEE code, postcode or "
              "coordinates) are required. One page of offers and companies, nearest first.",
              query="widgets.offers.query:OffersQuerySchema", ok=r.Offers, tags=("offers",),
              errors={**BAD_QUERY, 502: (r.UpstreamUnavailable,
                                         "The offers service is down and nothing is cached.")},
              example={"romes": "F1603", "insee": "75056"}),
    Operation("api.market", "Count apprenticeship offers and recruiting companies",
              "True counts from the daily export of every offer (no per-request upstream "
              "call): offers, openings and employers of the trades (ROME codes, RNCP or "
              "CFD) within the radius of the place (INSEE code, postcode or coordinates), "
              "by diploma level and sector, and in the whole département; links to the "
              "same search on La bonne alternance and France Travail.",
              query="bff.market.routes:MarketQuerySchema", ok=r.Market, tags=("market",),
              errors=BAD_QUERY, example={"romes": "F1603", "insee": "75056"}),
    Operation("api.trades", "Autocomplete trades",
              "Trade labels matching q, with their ROME codes (at most 20).",
              query="bff.offers.routes:AutocompleteQuery", ok=r.Trades, tags=("offers",),
              errors=BAD_QUERY, example={"q": "plomb"}),
    Operation("api.communes", "Autocomplete communes",
              "Communes matching q by name, postcode or INSEE code (at most 20).",
              query="bff.offers.routes:AutocompleteQuery", ok=r.Communes, tags=("offers",),
              errors=BAD_QUERY, example={"q": "lyon"}),
    Operation("api.insertion", "Insertion rates (InserJeunes)",
              "What became of the previous apprentices (or pupils, or students): of a CFA "
              "from the bundled open data (uai alone), or of a certification (cfd, "
              "mefstat11 or sise) in an establishment (with uai), a region (with region) "
              "or France, from the Exposition InserJeunes API. cfd with mefstat11: the "
              "school route beside the apprenticeship in compared. Rates are null, never "
              "0, when not published.",
              query="widgets.insertion.schema:InsertionQuery", ok=r.Insertion,
              tags=("insertion",),
              errors={**BAD_QUERY,
                      404: (r.InsertionNotFound, "No figures for this request; the "
                            "millésimes that have some, when known."),
                      503: (r.Error, "The InserJeunes API is off or does not answer, and "
                            "nothing is cached (certification-level figures).")},
              example={"uai": "0693492W"}, blank_is_absent=True),
    Operation("api.wish_summary", "Summary of one apprenticeship wish",
              "What a platform shows next to a wish: today's phase and the next deadline, "
              "the first-year minimum pay for the platform's likely ages, the offers and "
              "companies near the training (counts; a capped count says so), the outcomes "
              "when data exists, and links to each full widget. platform defaults to the "
              "caller's; without codes or place, market.status is no_search. May wait for "
              "the offers source within its time budget (the widget page never does).",
              query="widgets.wish_summary.params:WishSummaryQuery", ok=r.WishSummary,
              tags=("wish-summary",), errors=BAD_QUERY,
              example={"platform": "parcoursup", "romes": "F1603", "insee": "75056",
                       "formation_start": "2027-09-01"}, blank_is_absent=True),
    Operation("openapi.openapi_json", "This OpenAPI document", ok=None,
              tags=("service",)),
)

# One tag per widget of the registry, then the service's own operations.
TAGS = [{"name": spec.api_tag, "description": spec.title} for spec in WIDGETS.values()] + [
    {"name": "market", "description": "Job market: counts of offers and recruiting companies"},
    {"name": "service", "description": "The API itself"}]


def _import(ref: str):
    module_name, _, attribute = ref.partition(":")
    module = __import__(module_name, fromlist=[attribute])
    return getattr(module, attribute)


def _teach_custom_fields(plugin: MarshmallowPlugin) -> None:
    """Custom query fields are strings on the wire; give them their pattern."""
    patterns = {
        "widgets.pay.schema:BirthMonth": (r"^\d{4}-\d{2}$", "2008-05"),
        "widgets.pay.schema:Amount": (r"^\d{1,7}([.,]\d{1,2})?$", "1850,50"),
        "widgets.offers.query:RomeList": (r"^[A-Z]\d{4}(,[A-Z]\d{4})*$", "F1603,F1602"),
        "widgets.insertion.schema:Millesime": (r"^\d{4}([_-]\d{4})?$", "2022_2023"),
    }
    known = {}
    for ref, (pattern, example) in patterns.items():
        try:
            cls = _import(ref)
        except (ImportError, AttributeError):
            continue
        plugin.map_to_openapi_type(cls, "string", None)
        known[cls] = {"pattern": pattern, "example": example}

    def custom_field_properties(self, field_obj, **kwargs):
        for cls, extra in known.items():
            if isinstance(field_obj, cls):
                return dict(extra)
        return {}

    plugin.converter.add_attribute_function(custom_field_properties)


def _path_of(app, endpoint: str) -> str | None:
    for rule in app.url_map.iter_rules(endpoint) if endpoint in app.view_functions else ():
        return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
    return None


def _response(schema, description: str, media: str = JSON) -> dict:
    if schema is None:
        schema = {"type": "object"} if media == JSON else {"type": "string"}
    return {"description": description, "content": {media: {"schema": schema}}}


def build_spec(app, server_url: str = "/") -> dict:
    plugin = MarshmallowPlugin()
    spec = APISpec(
        title="API des modules apprentissage", version="1", openapi_version=OPENAPI_VERSION,
        plugins=[plugin],
        info={"description": (
            "JSON API v1 behind the apprenticeship widgets. Read-only, no authentication, "
            "no cookie. Bad input answers 400 with French messages per parameter; unknown "
            "parameters are ignored. CORS: origins registered for a caller may read it."),
              "license": {"name": "MIT"}},
        servers=[{"url": server_url}], tags=TAGS)
    _teach_custom_fields(plugin)
    spec.components.schema("Error", schema=r.Error)
    spec.components.schema("ValidationErrors", schema=r.ValidationErrors)
    for operation in OPERATIONS:
        path = _path_of(app, operation.endpoint)
        if path is None:
            continue
        responses = {"200": _response(operation.ok, "Success.", operation.ok_media)}
        for status, (schema, description) in operation.errors.items():
            responses[str(status)] = _response(schema, description)
        # Every 200 carries an ETag (bff/caching/http.py): a revalidation may answer 304.
        responses["304"] = {"description": "Not modified: the If-None-Match ETag still matches."}
        # Refused by gunicorn while parsing, before the app (gunicorn.conf.py, docs/production.md
        # "Limits"): no JSON body.
        server_page = {"text/html": {"schema": {"type": "string"}}}
        responses["414"] = {"description": "URI too long: the request line exceeds 4,094 bytes.",
                            "content": server_page}
        responses["431"] = {"description": "Request header fields too large (over 50 fields, "
                                           "or one over 8,190 bytes).", "content": server_page}
        spec_operation = {"summary": operation.summary, "tags": list(operation.tags),
                          "operationId": operation.endpoint.split(".", 1)[1],
                          "responses": responses}
        if operation.description:
            spec_operation["description"] = operation.description
        if operation.query:
            spec_operation["parameters"] = [{"in": "query", "schema": _import(operation.query)}]
        if operation.example:
            spec_operation["x-example-query"] = dict(operation.example)
        if operation.blank_is_absent:
            spec_operation["x-blank-is-absent"] = True
        spec.path(path=path, operations={"get": spec_operation})
    return _finish_parameters(spec.to_dict())


def _ecma_patterns(node) -> None:
    """Python validators anchor with ``\\Z`` (``$`` also accepts a trailing newline);
    JSON Schema patterns are ECMA-262 searches, where ``^…$`` says the same."""
    if isinstance(node, dict):
        pattern = node.get("pattern")
        if isinstance(pattern, str) and pattern.endswith("\\Z"):
            node["pattern"] = "^" + pattern[:-2].removeprefix("^") + "$"
        for value in node.values():
            _ecma_patterns(value)
    elif isinstance(node, list):
        for value in node:
            _ecma_patterns(value)


def _finish_parameters(document: dict) -> dict:
    """An absent parameter is how a query says "none": drop ``nullable``/``default: null``;
    and attach each operation's example query to its parameters."""
    _ecma_patterns(document)
    for item in document["paths"].values():
        for operation in item.values():
            example = operation.pop("x-example-query", {})
            blank_is_absent = operation.pop("x-blank-is-absent", False)
            for parameter in operation.get("parameters", ()):
                schema = parameter.get("schema", {})
                schema.pop("nullable", None)
                if "default" in schema and schema["default"] is None:
                    del schema["default"]
                if blank_is_absent and not parameter.get("required"):
                    # Empty or blank (whitespace only) means "not given": say so.
                    parameter["allowEmptyValue"] = True
                    parameter["schema"] = {"anyOf": [schema, BLANK]}
                if parameter["name"] in example:
                    # Together the examples make one valid request: schemathesis sends it.
                    parameter["example"] = example[parameter["name"]]
    return document
