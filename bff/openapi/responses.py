"""Shapes of the JSON API v1 answers, as marshmallow schemas, for the OpenAPI document.

They describe what the endpoints really answer (the OpenAPI test replays generated
requests and checks every answer against them), not what they validate: objects stay
open to new keys, so adding a field never breaks a client.
"""
from __future__ import annotations

from marshmallow import INCLUDE, fields
from marshmallow import Schema as _Schema


class Schema(_Schema):
    class Meta:
        # Documented as additionalProperties: true, so clients tolerate new keys.
        unknown = INCLUDE


def nullable(field_cls, *args, **kwargs):
    return field_cls(*args, allow_none=True, required=True, **kwargs)


def req(field_cls, *args, **kwargs):
    return field_cls(*args, required=True, **kwargs)


# Errors -----------------------------------------------------------------------------------

class ValidationErrors(Schema):
    """400: every faulty field with its French messages (``_schema`` for the whole query)."""
    errors = req(fields.Dict, keys=fields.String(), values=fields.List(fields.String()),
                 metadata={"description": "French messages per query parameter."})


class ErrorBody(Schema):
    code = req(fields.String, metadata={"example": "not_found"})
    message = req(fields.String)


class Error(Schema):
    """Any other error (404, 405, 5xx...): a code and a French message."""
    error = req(fields.Nested, ErrorBody)


class UpstreamUnavailable(Error):
    fallback_url = req(fields.String, metadata={
        "description": "The same search on La bonne alternance, to offer instead."})


# Ping ---------------------------------------------------------------------------------------

class Ping(Schema):
    ok = req(fields.Boolean, metadata={"example": True})


# Pay simulation -----------------------------------------------------------------------------

class PayContract(Schema):
    start = req(fields.Date)
    end = req(fields.Date)
    signed_on = req(fields.Date)
    territory = req(fields.String, metadata={"enum": ["metropole", "mayotte"]})


class PayRegime(Schema):
    key = req(fields.String)
    label = req(fields.String)
    exempt_up_to_percent_of_smic = req(fields.Integer)
    csg_crds = req(fields.Boolean)
    source = req(fields.String)


NET_UNKNOWN = {"description": "null where the contributions are not modelled (e.g. Mayotte)."}


class PayOffer(Schema):
    gross_monthly = req(fields.Float)
    net_monthly = nullable(fields.Float, metadata=NET_UNKNOWN)
    below_minimum = req(fields.Boolean)


class PayPeriod(Schema):
    start = req(fields.Date)
    end = req(fields.Date)
    age = req(fields.Integer)
    age_band = req(fields.String)
    contract_year = req(fields.Integer)
    training_year = req(fields.Integer)
    rate_percent = req(fields.Integer)
    reference = req(fields.String)
    reference_monthly = req(fields.Float)
    smic_monthly = req(fields.Float)
    gross_monthly = req(fields.Float)
    net_monthly = nullable(fields.Float, metadata=NET_UNKNOWN)
    offer = fields.Nested(PayOffer, metadata={"description": "Present when offered_gross was given."})


class PayYear(Schema):
    contract_year = req(fields.Integer)
    start = req(fields.Date)
    end = req(fields.Date)
    gross_monthly_min = req(fields.Float)
    gross_monthly_max = req(fields.Float)
    net_monthly_min = nullable(fields.Float, metadata=NET_UNKNOWN)
    net_monthly_max = nullable(fields.Float, metadata=NET_UNKNOWN)


class LegalSource(Schema):
    reference = req(fields.String)
    subject = req(fields.String)


class SmicRow(Schema):
    from_ = req(fields.Date, data_key="from")
    monthly = req(fields.Float)
    source = req(fields.String)


class PaySources(Schema):
    figures_checked_on = req(fields.Date)
    latest_smic_from = req(fields.Date)
    latest_smic_kept_after = req(fields.Boolean)
    legal = req(fields.List, fields.Nested(LegalSource))
    grid = req(fields.Raw)
    smic = req(fields.List, fields.Nested(SmicRow))
    contributions = req(fields.Raw)
    rounding = req(fields.String)


class PayOfferSummary(Schema):
    gross_monthly = req(fields.Float)
    below_minimum = req(fields.Boolean)


class PaySimulation(Schema):
    contract = req(fields.Nested, PayContract)
    regime = req(fields.Nested, PayRegime)
    periods = req(fields.List, fields.Nested(PayPeriod))
    summary = req(fields.List, fields.Nested(PayYear))
    sources = req(fields.Nested, PaySources)
    offer = fields.Nested(PayOfferSummary)


# Offer search and its autocompletes ---------------------------------------------------------

class Trade(Schema):
    label = req(fields.String)
    romes = req(fields.List, fields.String())
    kind = req(fields.String)


class Trades(Schema):
    items = req(fields.List, fields.Nested(Trade))


class Commune(Schema):
    insee = req(fields.String)
    name = req(fields.String)
    postcodes = req(fields.List, fields.String())
    departement = req(fields.String)
    latitude = req(fields.Float)
    longitude = req(fields.Float)
    label = req(fields.String)


class Communes(Schema):
    items = req(fields.List, fields.Nested(Commune))


class OffersQueryEcho(Schema):
    romes = req(fields.List, fields.String())
    rncp = nullable(fields.String)
    trade_label = nullable(fields.String)
    place_label = nullable(fields.String)
    latitude = req(fields.Float)
    longitude = req(fields.Float)
    radius = req(fields.Integer)
    diploma_level = nullable(fields.Integer)
    page = req(fields.Integer)


class OfferCounts(Schema):
    offers = req(fields.Integer)
    companies = req(fields.Integer)


class Offer(Schema):
    id = req(fields.String)
    title = req(fields.String)
    company = nullable(fields.String)
    city = nullable(fields.String)
    distance_km = nullable(fields.Float)
    contract_start = nullable(fields.Date)
    duration_months = nullable(fields.Integer)
    diploma_level = nullable(fields.String)
    source_label = req(fields.String)
    apply_url = req(fields.String)


class Company(Schema):
    id = req(fields.String)
    name = nullable(fields.String)
    city = nullable(fields.String)
    distance_km = nullable(fields.Float)
    size = nullable(fields.String)
    apply_url = req(fields.String)


class OfferWarning(Schema):
    code = req(fields.String)
    message = req(fields.String)


class Offers(Schema):
    query = req(fields.Nested, OffersQueryEcho)
    counts = req(fields.Nested, OfferCounts)
    offers = req(fields.List, fields.Nested(Offer))
    companies = req(fields.List, fields.Nested(Company))
    page_size = req(fields.Integer)
    next_page = nullable(fields.Integer)
    source = req(fields.String, metadata={"enum": ["api-apprentissage", "demo"]})
    stale = req(fields.Boolean)
    warnings = req(fields.List, fields.Nested(OfferWarning))
    lba_url = req(fields.String)


# Calendar ------------------------------------------------------------------------------------

class CalendarStep(Schema):
    id = req(fields.String)
    title = req(fields.String)
    start = req(fields.Date)
    end = req(fields.Date)
    status = req(fields.String, metadata={"enum": ["done", "current", "upcoming"]})
    kind = req(fields.String, metadata={"enum": ["platform", "apprenticeship"]})


class CalendarDeadline(Schema):
    id = req(fields.String)
    date = req(fields.Date)
    days_left = req(fields.Integer)


class Calendar(Schema):
    platform = req(fields.String, metadata={"enum": ["parcoursup", "affelnet"]})
    campaign = req(fields.String)
    steps = req(fields.List, fields.Nested(CalendarStep))
    next_deadline = nullable(fields.Nested, CalendarDeadline)
    advice = req(fields.String)


# Guide ---------------------------------------------------------------------------------------

class GuideSource(Schema):
    label = req(fields.String)
    url = nullable(fields.String, metadata={"description": "null for a printed source."})


class GuideEntry(Schema):
    """Every entry of the guide carries its id, its source and the dates it was checked."""
    id = req(fields.String)
    checked_on = req(fields.Date)
    review_by = req(fields.Date)
    source = nullable(fields.Nested, GuideSource)


class GuideKeyFact(GuideEntry):
    title = req(fields.String)
    text = req(fields.String)


class GuideScheme(GuideEntry):
    name = req(fields.String)
    tags = req(fields.List, fields.String())
    official_link = nullable(fields.String)


class GuideQuestion(GuideEntry):
    question = req(fields.String)
    answer = req(fields.String, metadata={
        "description": "The answer as plain text (its formatting read, links as "
                       "\"label (address)\"): insert it as text, never as HTML."})
    answer_html = fields.String(metadata={"description": "The answer as sanitized HTML."})


class GuideStep(GuideEntry):
    label = req(fields.String)
    url = nullable(fields.String)


class GuideSearch(Schema):
    query = req(fields.String)
    count = req(fields.Integer)


class Guide(Schema):
    platform = req(fields.String, metadata={"enum": ["parcoursup", "affelnet"]})
    caller = nullable(fields.String)
    title = req(fields.String)
    intro = req(fields.String)
    key_facts = req(fields.List, fields.Nested(GuideKeyFact))
    support_schemes = req(fields.List, fields.Nested(GuideScheme))
    faq = req(fields.List, fields.Nested(GuideQuestion))
    faq_search = req(fields.Nested, GuideSearch)
    next_steps = req(fields.List, fields.Nested(GuideStep))
