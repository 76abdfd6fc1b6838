"""A simulation as the JSON API v1 answers it (plain dicts, ISO dates, amounts in euros)."""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import simplejson

import widgets.pay.texts  # noqa: F401  (declares the texts the notes use)
from widgets.pay.figures import figures
from widgets.pay.rules import AGE_15_AFTER_3E, AGE_30_PLUS, CENT, Period, Simulation
from widgets.texts import TEXTS

# Légifrance by stable links (widgets/sources.py): an article by its LEGIARTI id, or the
# section holding a run of articles; ``None`` where no official page was checked.
SECTION = "https://www.legifrance.gouv.fr/codes/section_lc/LEGITEXT000006072050/"
LEGAL_SOURCES = (
    ("Code du travail, art. L6222-1 et L6222-2",
     "Âge au début du contrat : 16 ans, ou 15 ans après la 3e ; exceptions à la limite de 29 ans révolus",
     SECTION + "LEGISCTA000006195908"),
    ("Code du travail, art. D6222-26 et D6222-27",
     "Pourcentages du SMIC selon l'âge et l'année d'exécution du contrat",
     SECTION + "LEGISCTA000018497236"),
    ("Code du travail, art. D6222-31", "Nouveau taux le 1er jour du mois qui suit l'anniversaire",
     SECTION + "LEGISCTA000018497236"),
    ("Code du travail, art. D6222-28-1 et D6222-32",
     "Contrat débutant en 2e ou 3e année du cycle, licence professionnelle",
     SECTION + "LEGISCTA000018497236"),
    ("Code du travail, art. L6243-2 et D6243-5",
     "Exonération des cotisations salariales jusqu'à 79 % ou 50 % du SMIC",
     "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038027062"),
    ("Code de la sécurité sociale, art. L136-1-1 II 7°",
     "CSG-CRDS sur la part au-delà de 50 % du SMIC (contrats signés depuis le 1er mars 2025)", None),
    ("BOSS, Exonérations, Apprentis (Exo. Apprenti-110), mise à jour du 3 juillet 2025",
     "Régime applicable selon la date de conclusion du contrat", None),
)

#: Notes on the age at the start of the contract (widgets.pay.rules.age_notes), with the
#: text that says which article the condition comes from.
AGE_NOTE_SOURCES = {
    AGE_15_AFTER_3E: ("Code du travail, art. L6222-1",
                      "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000037385933"),
    AGE_30_PLUS: ("Code du travail, art. L6222-1 et L6222-2", SECTION + "LEGISCTA000006195908"),
}


def money(amount: Decimal | None) -> Decimal | None:
    """An amount rounded to the cent; encoded as a JSON number with its two decimals."""
    return None if amount is None else amount.quantize(CENT)


def period_json(period: Period) -> dict:
    minimum = period.minimum
    row = {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "age": period.age,
        "age_band": period.band.key,
        "contract_year": period.contract_year,
        "training_year": period.training_year,
        "rate_percent": minimum.rate_percent,
        "reference": minimum.reference,
        "reference_monthly": money(minimum.reference_monthly),
        "smic_monthly": money(period.smic.monthly),
        "gross_monthly": money(minimum.gross_monthly),
        "net_monthly": money(period.net_monthly),
    }
    if period.offer is not None:
        row["offer"] = {"gross_monthly": money(period.offer.gross_monthly),
                        "net_monthly": money(period.offer.net_monthly),
                        "below_minimum": period.offer.below_minimum,
                        "shortfall_monthly": money(period.offer.shortfall_monthly)}
    return row


@lru_cache(maxsize=8)
def sources_json(territory: str, latest_smic_kept_after: bool) -> simplejson.RawJSON:
    """Sources and the date of the figures; the same for every answer, so encoded once."""
    data = figures()
    return simplejson.RawJSON(simplejson.dumps({
        "figures_checked_on": data.checked_on.isoformat(),
        "latest_smic_from": data.last_smic_date.isoformat(),
        "latest_smic_kept_after": latest_smic_kept_after,
        "legal": [{"reference": ref, "subject": subject, "url": url}
                  for ref, subject, url in LEGAL_SOURCES],
        "grid": data.grid_source,
        "smic": [{"from": row.start.isoformat(), "monthly": money(row.monthly),
                  "source": row.source, "url": row.url, "status": row.status}
                 for row in data.smic[territory]],
        "contributions": data.rates["source"],
        "rounding": "Montants arrondis au centime le plus proche (demi-centime arrondi au "
                    "centime supérieur).",
    }, use_decimal=True, ensure_ascii=False, separators=(",", ":")))


def simulation_json(simulation: Simulation) -> dict:
    regime = simulation.regime
    answer = {
        "contract": {
            "start": simulation.contract_start.isoformat(),
            "end": simulation.contract_end.isoformat(),
            "signed_on": simulation.signed_on.isoformat(),
            "territory": simulation.territory,
        },
        "regime": {
            "key": regime.key,
            "label": regime.label,
            "exempt_up_to_percent_of_smic": int(regime.exempt_share * 100),
            "csg_crds": regime.csg_crds,
            "source": regime.source,
        },
        "periods": [period_json(p) for p in simulation.periods],
        "summary": [{
            "contract_year": y.contract_year,
            "start": y.start.isoformat(),
            "end": y.end.isoformat(),
            "gross_monthly_min": money(y.gross_monthly_min),
            "gross_monthly_max": money(y.gross_monthly_max),
            "net_monthly_min": money(y.net_monthly_min),
            "net_monthly_max": money(y.net_monthly_max),
        } for y in simulation.years],
        "sources": sources_json(simulation.territory, simulation.uses_projection),
    }
    answer["notes"] = notes_json(simulation.notes)
    offers = [p.offer for p in simulation.periods if p.offer is not None]
    if offers:
        below = [p for p in simulation.periods if p.offer is not None and p.offer.below_minimum]
        answer["offer"] = {
            "gross_monthly": money(offers[0].gross_monthly),
            "below_minimum": bool(below),
            "shortfall_monthly_max": money(max((p.offer.shortfall_monthly for p in below),
                                               default=CENT * 0)),
            "periods_below": [{"start": p.start.isoformat(), "end": p.end.isoformat(),
                               "minimum_gross_monthly": money(p.minimum.gross_monthly),
                               "shortfall_monthly": money(p.offer.shortfall_monthly)}
                              for p in below],
        }
    return answer


def notes_json(notes: tuple[str, ...]) -> list[dict]:
    """The age notes with their default French text and the article they come from."""
    return [{"key": key, "text": TEXTS[f"pay.note.{key}"].default,
             "source": {"label": AGE_NOTE_SOURCES[key][0], "url": AGE_NOTE_SOURCES[key][1]}}
            for key in notes]
