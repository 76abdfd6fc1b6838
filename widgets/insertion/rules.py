"""InserJeunes' own statistical rules, and one result shape for both sources.

Two families of rates are kept apart and never mixed (the source publishes both):

- **shares of all final-year students** (``part_*``), what became of every apprentice or
  pupil in the last year of the training, 6 months on (and later where the source gives
  it): in employment, in education, other; they add up to about 100. The Exposition API
  calls them ``taux_en_emploi_6_mois``, ``taux_en_formation``, ``taux_autres_6_mois``; the
  open data "DEVENIR Part …";
- **employment rates of those who left education** (``taux_emploi_*``): among the
  final-year students who did not go on studying, the share in salaried employment 6, 12,
  18, 24 months on, with the rate expected for a comparable CFA and the value added (the
  difference, in points); only the open data per CFA publishes them.

``part_contrats_interrompus`` (apprenticeship contracts broken before their term) stands
alone. The publication threshold is the source's: no rate below 20 final-year students
(nothing at all exists below 5); a withheld rate is ``None``, never 0.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from widgets.insertion.figures import Bundle, CfaFigures

THRESHOLD = 20

SCOPES = ("etablissement", "region", "national")
POPULATIONS = ("apprentissage", "voie_scolaire", "superieur")
#: query parameter -> (API code prefix, population)
CODE_KINDS = {"cfd": ("CFD", "apprentissage"), "mefstat11": ("MEFSTAT11", "voie_scolaire"),
              "sise": ("SISE", "superieur")}
#: the API's ``filiere`` -> our population
FILIERES = {"apprentissage": "apprentissage", "pro": "voie_scolaire",
            "agricole": "voie_scolaire", "superieur": "superieur"}

SHARES = ("part_en_emploi_6_mois", "part_en_formation", "part_autres_6_mois",
          "part_en_emploi_12_mois", "part_autres_12_mois",
          "part_en_emploi_18_mois", "part_autres_18_mois",
          "part_en_emploi_24_mois", "part_autres_24_mois")
LEAVERS = ("taux_emploi_6_mois", "taux_emploi_12_mois", "taux_emploi_18_mois",
           "taux_emploi_24_mois", "taux_emploi_6_mois_attendu", "valeur_ajoutee_6_mois")
CONTRACTS = ("part_contrats_interrompus",)
RATE_KEYS = SHARES + LEAVERS + CONTRACTS
#: the three bars: what became of all final-year students 6 months on
BARS = ("part_en_emploi_6_mois", "part_en_formation", "part_autres_6_mois")

#: our key -> the Exposition API's key
API_RATES = {
    "part_en_emploi_6_mois": "taux_en_emploi_6_mois",
    "part_en_formation": "taux_en_formation",
    "part_autres_6_mois": "taux_autres_6_mois",
    "part_en_emploi_12_mois": "taux_en_emploi_12_mois",
    "part_autres_12_mois": "taux_autres_12_mois",
    "part_en_emploi_18_mois": "taux_en_emploi_18_mois",
    "part_autres_18_mois": "taux_autres_18_mois",
    "part_en_emploi_24_mois": "taux_en_emploi_24_mois",
    "part_autres_24_mois": "taux_autres_24_mois",
    "part_contrats_interrompus": "taux_rupture_contrats",
}
COHORT = ("nb_annee_term", "nb_sortant", "nb_poursuite_etudes", "nb_en_emploi_6_mois",
          "nb_en_emploi_12_mois", "nb_en_emploi_18_mois", "nb_en_emploi_24_mois")

#: INSEE region codes the API knows (its OpenAPI document), with their names
REGIONS = {
    "84": "Auvergne-Rhône-Alpes", "27": "Bourgogne-Franche-Comté", "53": "Bretagne",
    "24": "Centre-Val de Loire", "00": "Collectivités d'outre-mer", "94": "Corse",
    "44": "Grand Est", "01": "Guadeloupe", "03": "Guyane", "32": "Hauts-de-France",
    "04": "La Réunion", "02": "Martinique", "06": "Mayotte", "28": "Normandie",
    "75": "Nouvelle-Aquitaine", "76": "Occitanie", "52": "Pays de la Loire",
    "93": "Provence-Alpes-Côte d'Azur", "11": "Île-de-France",
}
DATA_OWNER_TYPES = ("lieu_formation", "formateur", "gestionnaire", "inconnu")

PERIOD = re.compile(r"^(\d{4})_(\d{4})$")


def millesime_label(millesime: str | None) -> str | None:
    """``2022_2023`` -> ``cumul 2022-2023`` (two years of leavers); ``2023`` stays."""
    if not millesime:
        return None
    match = PERIOD.match(millesime)
    return f"cumul {match.group(1)}-{match.group(2)}" if match else millesime


@dataclass(frozen=True)
class Note:
    """Something the reader must know about the figures; ``code`` names a text."""
    code: str
    context: tuple[tuple[str, str], ...] = ()

    def as_context(self) -> dict[str, str]:
        return dict(self.context)


def note(code: str, /, **context) -> Note:
    return Note(code, tuple(sorted((k, str(v)) for k, v in context.items())))


@dataclass(frozen=True)
class Source:
    kind: str                  # "open_data" | "api"
    label: str
    url: str
    date: date | None


@dataclass(frozen=True)
class Result:
    """One set of figures: for one scope, population and millésime."""
    scope: str
    population: str
    millesime: str | None
    rates: dict[str, float | None]
    source: Source
    label: str | None = None                   # the formation's label (None: all of them)
    code: str | None = None                    # "CFD:50022141"
    establishment: dict | None = None          # {"uai", "label", "data_from"}
    region: dict | None = None                 # {"code", "name"}
    cohort: dict[str, int] | None = None
    withheld: tuple[str, ...] = ()             # rates not published: too few students
    notes: tuple[Note, ...] = ()
    stale: bool = False                        # from the cache: the API did not answer

    def with_notes(self, *extra: Note) -> "Result":
        return replace(self, notes=self.notes + tuple(extra))

    @property
    def below_threshold(self) -> bool:
        """At least one rate is withheld under the publication threshold."""
        return bool(self.withheld)

    @property
    def has_rates(self) -> bool:
        return any(v is not None for v in self.rates.values())


def empty_rates() -> dict[str, float | None]:
    return {key: None for key in RATE_KEYS}


def _number(value) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 1)


# Open data ------------------------------------------------------------------------------

def from_open_data(row: CfaFigures, bundle: Bundle) -> Result:
    """A CFA's figures of one cumul, all its formations together (apprentices)."""
    rates = empty_rates()
    for key, value in row.values.items():
        if key in rates:
            rates[key] = _number(value)
    withheld = row.withheld
    notes = [note("all_formations")]
    if withheld and len(withheld) == len(row.published):
        notes.append(note("below_threshold"))
    elif withheld:
        notes.append(note("partly_withheld"))
    return Result(
        scope="etablissement", population="apprentissage", millesime=row.millesime,
        rates=rates, label=None,
        establishment={"uai": row.uai, "label": row.label, "data_from": None},
        withheld=withheld, notes=tuple(notes),
        source=Source("open_data", f"{bundle.attribution}, jeu de données {bundle.dataset} "
                      f"({bundle.licence})", bundle.url, bundle.copied_on))


# Exposition API -------------------------------------------------------------------------

def _import_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def from_api(payload: dict, *, scope: str, population: str, code: str, asked_uai: str | None,
             source_label: str, source_url: str) -> Result:
    """Figures from a validated Exposition API answer (see ``upstream_schemas``).

    The threshold is applied here too: whatever the API sends, no rate is shown when
    fewer than 20 students were in their final year.
    """
    rates = empty_rates()
    present = [ours for ours, theirs in API_RATES.items() if theirs in payload]
    for ours in present:
        rates[ours] = _number(payload[API_RATES[ours]])
    cohort = {key: int(payload[key]) for key in COHORT if payload.get(key) is not None}
    final_year = cohort.get("nb_annee_term")
    notes: list[Note] = []
    if final_year is not None and final_year < THRESHOLD:
        # The API already sends null here; a number would still not be shown.
        rates = empty_rates()
        withheld = tuple(present) or BARS
    else:
        # "null when the numbers are < 20, absent when they cannot be computed"
        withheld = tuple(k for k in present if rates[k] is None)
    if withheld and not any(v is not None for v in rates.values()):
        notes.append(note("below_threshold"))
    elif withheld:
        notes.append(note("partly_withheld"))

    source_type = (payload.get("donnee_source") or {}).get("type")
    source_code = (payload.get("donnee_source") or {}).get("code_certification") or ""
    if source_type == "ancienne":
        notes.append(note("predecessor_diploma", code=source_code))
    elif source_type == "nouvelle":
        notes.append(note("successor_diploma", code=source_code))
    if payload.get("formation_fermee"):
        notes.append(note("formation_closed"))

    establishment = None
    if scope == "etablissement":
        data_uai = payload.get("uai_donnee")
        data_type = payload.get("uai_donnee_type")
        asked_type = payload.get("uai_type")
        data_from = None
        other_place = bool(data_uai and asked_uai and data_uai != asked_uai)
        other_type = bool(data_type and asked_type and data_type != asked_type)
        if other_place or other_type:
            data_from = {"uai": data_uai or asked_uai, "type": data_type or "inconnu"}
            notes.append(note(f"data_of_{data_from['type']}", uai=data_from["uai"]))
        establishment = {"uai": asked_uai or payload.get("uai"),
                         "label": payload.get("libelle_etablissement"),
                         "data_from": data_from}
    region = payload.get("region")
    filiere = payload.get("filiere")
    libelle = payload.get("libelle") or (payload.get("diplome") or {}).get("libelle")
    return Result(
        scope=scope, population=FILIERES.get(filiere, population),
        millesime=payload.get("millesime"), rates=rates, label=libelle, code=code,
        establishment=establishment,
        region={"code": region["code"], "name": region.get("nom") or REGIONS.get(region["code"])}
        if region else None,
        cohort=cohort or None, withheld=withheld, notes=tuple(notes),
        source=Source("api", source_label, source_url,
                      _import_date((payload.get("_meta") or {}).get("date_import"))))


def certification_code(kind: str, value: str) -> str:
    """``("cfd", "50022141")`` -> ``"CFD:50022141"``, as the API's paths want it."""
    return f"{CODE_KINDS[kind][0]}:{value}"


@dataclass(frozen=True)
class Request:
    """What was asked, after validation: which route, which codes."""
    uai: str | None = None
    kind: str | None = None            # "cfd" | "mefstat11" | "sise"
    code: str | None = None            # the bare code
    compare_kind: str | None = None    # "mefstat11" when cfd and mefstat11 are both given
    compare_code: str | None = None
    region: str | None = None
    millesime: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def scope(self) -> str:
        if self.uai:
            return "etablissement"
        return "region" if self.region else "national"

    @property
    def population(self) -> str:
        return CODE_KINDS[self.kind][1] if self.kind else "apprentissage"


def request_of(query: dict) -> Request:
    """The validated query (``schema.InsertionQuery``) as a Request."""
    kind = next((k for k in ("cfd", "mefstat11", "sise") if query.get(k)), None)
    compare = "mefstat11" if kind == "cfd" and query.get("mefstat11") else None
    return Request(uai=query.get("uai"), kind=kind, code=query.get(kind) if kind else None,
                   compare_kind=compare, compare_code=query.get(compare) if compare else None,
                   region=query.get("region"), millesime=query.get("millesime"))
