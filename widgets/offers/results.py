"""From a validated upstream payload to the answer shape of ``/api/v1/offers``.

Distances are computed here from the search centre (the API does not return
them), and everything is sorted by distance, nearest first.
"""
from __future__ import annotations

import math
import re

from widgets.offers.upstream_schemas import valid_items

PAGE_SIZE = 10
EARTH_RADIUS_KM = 6371.0
SOURCE_LABELS = {"offres_emploi_lba": "La bonne alternance", "France Travail": "France Travail"}
POSTCODE_CITY = re.compile(r"\b\d{5}\s+(?P<city>[^,\d][^,]*)$")
DEPARTEMENT_CITY = re.compile(r"^\s*\d[\dAB]\s*-\s*(?P<city>.+)$")

DROPPED_WARNINGS = {  # code, message for one, message for several
    "jobs": ("INVALID_JOB_OFFERS_DROPPED",
             "1 offre reçue incomplète ou invalide a été écartée.",
             "{n} offres reçues incomplètes ou invalides ont été écartées."),
    "recruiters": ("INVALID_RECRUITERS_DROPPED",
                   "1 entreprise reçue incomplète ou invalide a été écartée.",
                   "{n} entreprises reçues incomplètes ou invalides ont été écartées."),
}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def city_of(address: str | None) -> str | None:
    """"10 Rue Exemple 75011 Paris" → "Paris"; "75 - PARIS 13" → "Paris 13"."""
    if not address:
        return None
    address = address.strip()
    match = POSTCODE_CITY.search(address) or DEPARTEMENT_CITY.match(address)
    city = (match.group("city") if match else address).strip()
    return city.title() if city.isupper() else city


def company_name(workplace: dict) -> str | None:
    return workplace.get("brand") or workplace.get("name") or workplace.get("legal_name")


def _distance(workplace: dict, center: tuple[float, float] | None) -> float | None:
    point = (workplace.get("location") or {}).get("geopoint")
    if not center or not point:
        return None
    lon, lat = point["coordinates"]
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(distance_km(center[0], center[1], lat, lon), 1)


def offer_answer(item: dict, center) -> dict:
    workplace, contract, offer = item["workplace"], item.get("contract") or {}, item["offer"]
    start = contract.get("start")
    partner = item["identifier"].get("partner_label")
    return {
        "id": item["identifier"]["id"],
        "title": offer["title"],
        "company": company_name(workplace),
        "city": city_of(workplace["location"].get("address")),
        "distance_km": _distance(workplace, center),
        "contract_start": start.date().isoformat() if start else None,
        "duration_months": contract.get("duration"),
        "diploma_level": (offer.get("target_diploma") or {}).get("european"),
        "source_label": SOURCE_LABELS.get(partner, partner or "La bonne alternance"),
        "apply_url": item["apply"]["url"],
    }


def company_answer(item: dict, center) -> dict:
    workplace = item["workplace"]
    return {
        "id": item["identifier"]["id"],
        "name": company_name(workplace),
        "city": city_of(workplace["location"].get("address")),
        "distance_km": _distance(workplace, center),
        "size": workplace.get("size"),
        "apply_url": item["apply"]["url"],
    }


def _nearest_first(entry: dict):
    d = entry["distance_km"]
    return (d is None, d if d is not None else 0.0)


def build_results(payload: dict, center: tuple[float, float] | None) -> dict:
    """All offers and companies of a payload, validated and mapped, nearest first.

    Raises ``MalformedPayload`` when the payload as a whole is unusable.
    """
    offers, recruiters, warnings, dropped = valid_items(payload)
    active = [o for o in offers if (o["offer"].get("status") or "Active") == "Active"]
    for kind, count in dropped.items():
        if count:
            code, one, several = DROPPED_WARNINGS[kind]
            message = one if count == 1 else several.format(n=count)
            warnings.append({"code": code, "message": message, "count": count})
    return {
        "offers": sorted((offer_answer(o, center) for o in active), key=_nearest_first),
        "companies": sorted((company_answer(r, center) for r in recruiters), key=_nearest_first),
        "warnings": warnings,
        "upstream_lengths": upstream_lengths(payload),
    }


def upstream_lengths(payload: dict) -> dict:
    """How many items the upstream sent, per offer source and for recruiters, valid or
    not: the search stops at 150 per source, so these tell whether a count is capped."""
    jobs: dict[str, int] = {}
    for item in payload.get("jobs") or ():
        identifier = item.get("identifier") if isinstance(item, dict) else None
        partner = identifier.get("partner_label") if isinstance(identifier, dict) else None
        key = partner if isinstance(partner, str) else "?"
        jobs[key] = jobs.get(key, 0) + 1
    recruiters = payload.get("recruiters") or ()
    return {"jobs": jobs, "recruiters": len(recruiters) if isinstance(recruiters, list) else 0}


def page_of(items: list, page: int, size: int = PAGE_SIZE) -> list:
    return items[(page - 1) * size: page * size]


def has_more(results: dict, page: int, size: int = PAGE_SIZE) -> bool:
    return any(len(results[k]) > page * size for k in ("offers", "companies"))
