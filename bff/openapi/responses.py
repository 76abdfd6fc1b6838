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
    shortfall_monthly = req(fields.Float, metadata={
        "description": "What is missing each month to reach the legal minimum (0 when enough)."})


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
    url = nullable(fields.String, metadata={
        "description": "Stable Légifrance link, null where no official page was checked."})


class SmicRow(Schema):
    from_ = req(fields.Date, data_key="from")
    monthly = req(fields.Float)
    source = req(fields.String)
    url = nullable(fields.String, metadata={"description": "The official page checked, if any."})
    status = req(fields.String, metadata={
        "enum": ["verifie", "a_verifier"],
        "description": "a_verifier: the amount was not yet compared with the official text."})


class PaySources(Schema):
    figures_checked_on = req(fields.Date)
    latest_smic_from = req(fields.Date)
    latest_smic_kept_after = req(fields.Boolean)
    legal = req(fields.List, fields.Nested(LegalSource))
    grid = req(fields.Raw)
    smic = req(fields.List, fields.Nested(SmicRow))
    contributions = req(fields.Raw)
    rounding = req(fields.String)


class PayShortfall(Schema):
    start = req(fields.Date)
    end = req(fields.Date)
    minimum_gross_monthly = req(fields.Float)
    shortfall_monthly = req(fields.Float)


class PayOfferSummary(Schema):
    gross_monthly = req(fields.Float)
    below_minimum = req(fields.Boolean)
    shortfall_monthly_max = req(fields.Float, metadata={
        "description": "The largest monthly shortfall over the contract (0 when never below)."})
    periods_below = req(fields.List, fields.Nested(PayShortfall), metadata={
        "description": "Each period where the offer is below the minimum, with the missing amount."})


class PayNoteSource(Schema):
    label = req(fields.String)
    url = nullable(fields.String)


class PayNote(Schema):
    key = req(fields.String, metadata={"enum": ["age_15_after_3e", "age_30_plus"]})
    text = req(fields.String, metadata={"description": "French, for the candidate."})
    source = req(fields.Nested, PayNoteSource)


class PaySimulation(Schema):
    contract = req(fields.Nested, PayContract)
    regime = req(fields.Nested, PayRegime)
    periods = req(fields.List, fields.Nested(PayPeriod))
    summary = req(fields.List, fields.Nested(PayYear))
    sources = req(fields.Nested, PaySources)
    offer = fields.Nested(PayOfferSummary)
    notes = req(fields.List, fields.Nested(PayNote), metadata={
        "description": "Conditions of the age at the start (15: after the 3e; 30 and over: "
                       "exceptions of L6222-2). Empty otherwise."})


# Offer search and its autocompletes ---------------------------------------------------------

class Trade(Schema):
    label = req(fields.String)
    romes = req(fields.List, fields.String())
    kind = req(fields.String, metadata={"enum": ["appellation", "rome", "group", "diploma"]})
    matched = fields.String(metadata={
        "description": "The name the query matched: the label, or a diploma's acronym "
                       "(\"BTS MCO\")."})
    rncp = fields.String(allow_none=True, metadata={"description": "Diploma only."})
    cfd = fields.String(allow_none=True, metadata={"description": "Diploma only."})
    level = fields.Integer(allow_none=True, metadata={
        "description": "Diploma only: European level, 3 (CAP) to 7 (Bac+5)."})
    level_name = fields.String(allow_none=True, metadata={
        "description": "Diploma only: the level as candidates say it (\"CAP\", \"Bac\", "
                       "\"Bac+2\", \"Bac+3\", \"Bac+5\")."})


class Trades(Schema):
    items = req(fields.List, fields.Nested(Trade))
    lba_url = fields.String(metadata={
        "description": "When nothing matches: the same words searched on La bonne alternance."})


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


# Job market ----------------------------------------------------------------------------------

class MarketQueryEcho(Schema):
    romes = req(fields.List, fields.String())
    trade_label = nullable(fields.String)
    place_label = req(fields.String)
    insee = req(fields.String, metadata={"description": "The commune named, or the nearest "
                                                        "to the coordinates."})
    latitude = req(fields.Float, metadata={"description": "The centre counted from (rounded "
                                                          "to 0.01°, as the offer search)."})
    longitude = req(fields.Float)


class MarketOffers(Schema):
    count = req(fields.Integer, metadata={"description": "Active offers within the radius."})
    openings = req(fields.Integer, metadata={"description": "Positions they offer (sum of "
                                                            "their opening counts)."})


class MarketCompanies(Schema):
    count = req(fields.Integer, metadata={"description": "Distinct employers with a matching "
                                                         "offer or recruiter entry."})


class MarketByLevel(Schema):
    unknown = req(fields.Integer)
    level_3 = req(fields.Integer, data_key="3")
    level_4 = req(fields.Integer, data_key="4")
    level_5 = req(fields.Integer, data_key="5")
    level_6 = req(fields.Integer, data_key="6")
    level_7 = req(fields.Integer, data_key="7")


class LabelCount(Schema):
    label = req(fields.String)
    count = req(fields.Integer)


class MarketDepartment(Schema):
    code = req(fields.String, metadata={"example": "75"})
    name = nullable(fields.String)
    offers = req(fields.Integer)
    companies = req(fields.Integer)


class MarketLinks(Schema):
    lba = req(fields.String, metadata={"description": "La bonne alternance's search."})
    france_travail = req(fields.String, metadata={
        "description": "France Travail's apprenticeship offers near the commune."})


class Market(Schema):
    query = req(fields.Nested, MarketQueryEcho)
    as_of = req(fields.Date, metadata={"description": "Date of the export counted."})
    radius = req(fields.Integer)
    offers = req(fields.Nested, MarketOffers)
    companies = req(fields.Nested, MarketCompanies)
    by_level = req(fields.Nested, MarketByLevel, metadata={
        "description": "Offers per target diploma level (European 3 = CAP … 7 = master)."})
    top_sectors = req(fields.List, fields.Nested(LabelCount), metadata={
        "description": "Up to 5 NAF sectors with the most offers."})
    sources = req(fields.List, fields.Nested(LabelCount), metadata={
        "description": "Offers per source (partner label)."})
    department = req(fields.Nested, MarketDepartment, metadata={
        "description": "The same trades in the whole département of the place."})
    links = req(fields.Nested, MarketLinks)
    source = req(fields.String, metadata={"enum": ["api-apprentissage", "demo"]})
    demo = req(fields.Boolean, metadata={"description": "Demonstration data (no export "
                                                        "stored yet): the counts are made up."})
    tension = fields.Dict(metadata={"description": "France Travail's recruitment indicators "
                                                   "for the first trade and the département; "
                                                   "only when configured and available."})


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
    status = req(fields.String, metadata={
        "enum": ["verifie", "a_verifier"],
        "description": "verifie: compared with the official source on checked_on; a_verifier: "
                       "not yet confirmed by an official source (show it as such)."})


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


class GuideEmployerAmounts(Schema):
    levels_3_4 = nullable(fields.Integer)
    level_5 = nullable(fields.Integer)
    levels_6_7 = nullable(fields.Integer)


class GuideEmployerSizes(Schema):
    under_250 = req(fields.Nested, GuideEmployerAmounts)
    from_250 = req(fields.Nested, GuideEmployerAmounts)


class GuideEmployerAid(GuideEntry):
    """What an employer receives (kind aid) or pays (kind contribution) for a contract
    concluded between contracts_from and contracts_to."""
    title = req(fields.String)
    text = req(fields.String)
    kind = req(fields.String, metadata={"enum": ["aid", "contribution"]})
    contracts_from = req(fields.Date)
    contracts_to = nullable(fields.Date)
    in_force = req(fields.Boolean, metadata={"description": "For a contract concluded today."})
    amounts = nullable(fields.Nested, GuideEmployerSizes, metadata={
        "description": "Euros for the first year; null in a cell: no aid."})
    rqth_amount = nullable(fields.Integer)


class GuideSearchMatches(Schema):
    key_facts = req(fields.List, fields.String())
    employer_aid = req(fields.List, fields.String())
    support_schemes = req(fields.List, fields.String())
    faq = req(fields.List, fields.String())
    next_steps = req(fields.List, fields.String())


class GuideSearchAll(Schema):
    query = req(fields.String)
    count = req(fields.Integer)
    matches = nullable(fields.Nested, GuideSearchMatches, metadata={
        "description": "Ids of the matching entries per section; null without a query."})


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
    employer_aid = req(fields.List, fields.Nested(GuideEmployerAid))
    search = req(fields.Nested, GuideSearchAll, metadata={
        "description": "The search over the whole guide (facts, employer aid, schemes, FAQ, "
                       "next steps), with everyday synonyms."})


# Insertion rates (InserJeunes) -------------------------------------------------------------

PERCENT_OR_NULL = {"description": "Percent; null when not published (under the publication "
                                  "threshold, or not given by this source). Never 0 for "
                                  "'not published'."}


def _rate(description: str):
    return nullable(fields.Float, metadata={
        "description": f"{description} {PERCENT_OR_NULL['description']}"})


class InsertionRates(Schema):
    """Two families of rates, never mixed: shares of all final-year students (part_*),
    and employment rates of those who left education (taux_emploi_*)."""
    part_en_emploi_6_mois = _rate("Of all final-year students, share in salaried "
                                  "employment in France 6 months on.")
    part_en_formation = _rate("Of all final-year students, share still in education.")
    part_autres_6_mois = _rate("Of all final-year students, share in another situation "
                               "(unemployed, abroad, self-employed...) 6 months on.")
    part_en_emploi_12_mois = _rate("Same as part_en_emploi_6_mois, 12 months on.")
    part_autres_12_mois = _rate("Same as part_autres_6_mois, 12 months on.")
    part_en_emploi_18_mois = _rate("Same as part_en_emploi_6_mois, 18 months on.")
    part_autres_18_mois = _rate("Same as part_autres_6_mois, 18 months on.")
    part_en_emploi_24_mois = _rate("Same as part_en_emploi_6_mois, 24 months on.")
    part_autres_24_mois = _rate("Same as part_autres_6_mois, 24 months on.")
    taux_emploi_6_mois = _rate("Of the final-year students who left education, share in "
                               "salaried employment 6 months on.")
    taux_emploi_12_mois = _rate("Same as taux_emploi_6_mois, 12 months on.")
    taux_emploi_18_mois = _rate("Same as taux_emploi_6_mois, 18 months on.")
    taux_emploi_24_mois = _rate("Same as taux_emploi_6_mois, 24 months on.")
    taux_emploi_6_mois_attendu = _rate("The taux_emploi_6_mois expected for a CFA with this "
                                       "CFA's population.")
    valeur_ajoutee_6_mois = nullable(fields.Float, metadata={
        "description": "taux_emploi_6_mois minus taux_emploi_6_mois_attendu, in points "
                       "(may be negative); null when not published."})
    part_contrats_interrompus = _rate("Share of apprenticeship contracts broken before "
                                      "their term.")


class InsertionDataFrom(Schema):
    uai = req(fields.String)
    type = req(fields.String, metadata={
        "enum": ["lieu_formation", "formateur", "gestionnaire", "inconnu"]})


class InsertionEstablishment(Schema):
    uai = req(fields.String, metadata={"example": "0693492W"})
    label = nullable(fields.String)
    data_from = nullable(fields.Nested, InsertionDataFrom, metadata={
        "description": "Set when the figures are another establishment's (the managing "
                       "CFA's, for instance): the notes say so."})


class InsertionRegion(Schema):
    code = req(fields.String)
    name = nullable(fields.String)


class InsertionNote(Schema):
    code = req(fields.String, metadata={"description": "below_threshold, partly_withheld, "
                                        "all_formations, fallback_all_formations, stale, "
                                        "predecessor_diploma, successor_diploma, "
                                        "formation_closed, data_of_gestionnaire, "
                                        "data_of_formateur, data_of_lieu_formation, "
                                        "data_of_inconnu, compared_unavailable, "
                                        "compared_not_found"})
    message = req(fields.String, metadata={"description": "The sentence the widget shows."})


class InsertionSource(Schema):
    label = req(fields.String)
    url = req(fields.String)
    date = nullable(fields.Date, metadata={
        "description": "Date of the data (copy of the open data, or the API's import)."})


class InsertionFigures(Schema):
    scope = req(fields.String, metadata={"enum": ["etablissement", "region", "national"]})
    millesime = nullable(fields.String, metadata={
        "description": "A year (2023) or a cumul of two years (2022_2023)."})
    millesime_label = nullable(fields.String)
    population = req(fields.String, metadata={
        "enum": ["apprentissage", "voie_scolaire", "superieur"]})
    label = nullable(fields.String, metadata={
        "description": "The formation's label; null for all the CFA's formations."})
    code = nullable(fields.String, metadata={"example": "CFD:50022141"})
    establishment = nullable(fields.Nested, InsertionEstablishment)
    region = nullable(fields.Nested, InsertionRegion)
    rates = req(fields.Nested, InsertionRates)
    cohort = nullable(fields.Dict, keys=fields.String(), values=fields.Integer(), metadata={
        "description": "Counts behind the rates (nb_annee_term, nb_sortant, "
                       "nb_poursuite_etudes, nb_en_emploi_6_mois...), when the source "
                       "gives them."})
    below_threshold = req(fields.Boolean)
    message = nullable(fields.String, metadata={"description": "The notes' sentences."})
    notes = req(fields.List, fields.Nested(InsertionNote))
    stale = req(fields.Boolean)
    source = req(fields.Nested, InsertionSource)


class Insertion(InsertionFigures):
    compared = nullable(fields.Nested, InsertionFigures, metadata={
        "description": "The school route's figures beside the apprenticeship's, when "
                       "both cfd and mefstat11 are given."})


class InsertionNotFound(Error):
    millesimes = req(fields.List, fields.String(), metadata={
        "description": "The millésimes that have figures (empty when none is known)."})


# Wish summary --------------------------------------------------------------------------------

class WishNow(Schema):
    phase = req(fields.String, metadata={
        "description": "Today's phase: before, a platform phase (wishes, confirmation, "
                       "admission, complementary, results), employer_search, "
                       "contract_window, training_start, grace_period or after."})
    sentence = req(fields.String, metadata={"description": "The phase in one short "
                                                           "sentence (French)."})
    advice = req(fields.String, metadata={"description": "What to do now, in full "
                                                         "(French)."})
    employer_search = req(fields.Boolean, metadata={
        "description": "The employer search runs (from the wish to the end of the grace "
                       "period): offer \"Trouver un employeur\" (links.offer-search)."})
    provisional = req(fields.Boolean, metadata={
        "description": "The campaign's dates are provisional."})


class WishDeadline(CalendarDeadline):
    title = req(fields.String)


class AmountRange(Schema):
    min = req(fields.Float)
    max = req(fields.Float)


class AgeRange(Schema):
    from_ = req(fields.Integer, data_key="from")
    to = req(fields.Integer)


class WishSmic(Schema):
    monthly = req(fields.Float)
    from_ = req(fields.Date, data_key="from")


class WishPay(Schema):
    """The first-year legal minimum at the start of the contract, for the platform's
    likely ages (Parcoursup 17-20, Affelnet 15-17)."""
    contract_year = req(fields.Integer, metadata={"example": 1})
    contract_start = req(fields.Date)
    ages = req(fields.Nested, AgeRange)
    age_bands = req(fields.List, fields.String())
    rates_percent_of_smic = req(fields.List, fields.Integer())
    gross_monthly = req(fields.Nested, AmountRange)
    net_monthly_estimated = nullable(fields.Nested, AmountRange, metadata=NET_UNKNOWN)
    smic = req(fields.Nested, WishSmic)
    latest_smic_kept = req(fields.Boolean, metadata={
        "description": "The start lies after the latest known SMIC's year: that SMIC is "
                       "used."})


class MarketCount(Schema):
    count = req(fields.Integer)
    capped = req(fields.Boolean, metadata={
        "description": "The source stopped counting there: the true number is count or "
                       "more (shown as \"150 offres ou plus\")."})


class WishMarket(Schema):
    status = req(fields.String, metadata={
        "enum": ["known", "pending", "unavailable", "no_search"],
        "description": "known: counts given; pending: not known yet (never on this API, "
                       "which waits for them); unavailable: the source failed or the "
                       "codes/place could not be resolved; no_search: no codes or no place."})
    radius = req(fields.Integer)
    offers = nullable(fields.Nested, MarketCount)
    companies = nullable(fields.Nested, MarketCount)
    capped = req(fields.Boolean)
    as_of = nullable(fields.DateTime, metadata={"description": "When the counts were taken."})
    source = nullable(fields.String)
    stale = req(fields.Boolean, metadata={
        "description": "An older copy served while the source fails."})
    trade_label = nullable(fields.String)
    place_label = nullable(fields.String)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), metadata={
        "description": "Why the codes or the place could not be resolved (French)."})


class WishLinks(Schema):
    calendar = nullable(fields.String)
    pay_simulator = nullable(fields.String, data_key="pay-simulator")
    offer_search = nullable(fields.String, data_key="offer-search")
    guide = nullable(fields.String)
    insertion = nullable(fields.String, metadata={
        "description": "null while no insertion data is shown."})


class WishSummary(Schema):
    platform = req(fields.String, metadata={"enum": ["parcoursup", "affelnet"]})
    formation_start = req(fields.Date)
    campaign = req(fields.String)
    today = req(fields.Date)
    now = req(fields.Nested, WishNow)
    next_deadline = nullable(fields.Nested, WishDeadline)
    pay = nullable(fields.Nested, WishPay, metadata={
        "description": "null when the start date lies outside the dated pay figures."})
    market = req(fields.Nested, WishMarket)
    outcomes = nullable(fields.Dict, metadata={
        "description": "The insertion line (at least `sentence`), or null: no data, the "
                       "line is hidden (never a zero)."})
    links = req(fields.Nested, WishLinks, metadata={
        "description": "Each full widget's page, prefilled for this wish."})
