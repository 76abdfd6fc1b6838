"""A simulation as the JSON API v1 answers it (plain dicts, ISO dates, amounts in euros)."""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import simplejson

from widgets.pay.figures import figures
from widgets.pay.rules import CENT, Period, Simulation

LEGAL_SOURCES = (
    ("Code du travail, art. D6222-26 et D6222-27", "Pourcentages du SMIC selon l'âge et l'année d'exécution du contrat"),
    ("Code du travail, art. D6222-31", "Nouveau taux le 1er jour du mois qui suit l'anniversaire"),
    ("Code du travail, art. D6222-28-1 et D6222-32", "Contrat débutant en 2e ou 3e année du cycle, licence professionnelle"),
    ("Code du travail, art. L6243-2 et D6243-5", "Exonération des cotisations salariales jusqu'à 79 % ou 50 % du SMIC"),
    ("Code de la sécurité sociale, art. L136-1-1 II 7°", "CSG-CRDS sur la part au-delà de 50 % du SMIC (contrats signés depuis le 1er mars 2025)"),
    ("BOSS, Exonérations, Apprentis (Exo. Apprenti-110), mise à jour du 3 juillet 2025", "Régime applicable selon la date de conclusion du contrat"),
)


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
                        "below_minimum": period.offer.below_minimum}
    return row


@lru_cache(maxsize=8)
def sources_json(territory: str, latest_smic_kept_after: bool) -> simplejson.RawJSON:
    """Sources and the date of the figures; the same for every answer, so encoded once."""
    data = figures()
    return simplejson.RawJSON(simplejson.dumps({
        "figures_checked_on": data.checked_on.isoformat(),
        "latest_smic_from": data.last_smic_date.isoformat(),
        "latest_smic_kept_after": latest_smic_kept_after,
        "legal": [{"reference": ref, "subject": subject} for ref, subject in LEGAL_SOURCES],
        "grid": data.grid_source,
        "smic": [{"from": row.start.isoformat(), "monthly": money(row.monthly),
                  "source": row.source} for row in data.smic[territory]],
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
    offers = [p.offer for p in simulation.periods if p.offer is not None]
    if offers:
        answer["offer"] = {"gross_monthly": money(offers[0].gross_monthly),
                           "below_minimum": any(o.below_minimum for o in offers)}
    return answer
