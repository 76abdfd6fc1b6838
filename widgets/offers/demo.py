"""Demonstration offers: what the widget shows when no API key is configured.

A deterministic, made-up dataset shaped exactly like API Apprentissage's job
search answer, so it goes through the same validation and mapping as real data.
Offers and companies are generated per (city, trade) from a seeded RNG: the same
search always gives the same results, across processes and restarts. The names
are invented; every "apply" link goes to the real La bonne alternance search for
the same trade near the same city. The widget labels these as demonstration
offers (``source: "demo"``).

City centres and INSEE codes: mission-apprentissage/labonnealternance
``villes_principales.txt`` (MIT; see widgets/offers/data/ATTRIBUTION.md), trimmed to
metropolitan cities; the postcodes are each city's first one.
"""
from __future__ import annotations

import hashlib
import math
import random
from functools import lru_cache

from widgets.offers import referentials
from widgets.offers.links import lba_search_url
from widgets.offers.results import distance_km

# (name, INSEE, main postcode, longitude, latitude, weight ~ size of the job market)
CITIES = (
    ("Paris", "75056", "75011", 2.34445, 48.86, 6), ("Marseille", "13055", "13001", 5.37639, 43.2967, 3),
    ("Lyon", "69123", "69003", 4.84139, 45.7589, 3), ("Toulouse", "31555", "31000", 1.43333, 43.6, 3),
    ("Nice", "06088", "06000", 7.25, 43.7, 2), ("Nantes", "44109", "44000", -1.55, 47.2167, 2),
    ("Strasbourg", "67482", "67000", 7.75, 48.5833, 2), ("Montpellier", "34172", "34000", 3.88333, 43.6, 2),
    ("Bordeaux", "33063", "33000", -0.566667, 44.8333, 2), ("Lille", "59350", "59000", 3.06667, 50.6333, 2),
    ("Rennes", "35238", "35000", -1.68333, 48.0833, 2), ("Reims", "51454", "51100", 4.03333, 49.25, 1),
    ("Le Havre", "76351", "76600", 0.133333, 49.5, 1), ("Saint-Étienne", "42218", "42000", 4.4, 45.4333, 1),
    ("Toulon", "83137", "83000", 5.93333, 43.1167, 1), ("Grenoble", "38185", "38000", 5.71667, 45.1667, 1),
    ("Dijon", "21231", "21000", 5.01667, 47.3167, 1), ("Angers", "49007", "49000", -0.55, 47.4667, 1),
    ("Le Mans", "72181", "72000", 0.2, 48.0, 1), ("Brest", "29019", "29200", -4.48333, 48.4, 1),
    ("Nîmes", "30189", "30000", 4.35, 43.8333, 1), ("Limoges", "87085", "87000", 1.25, 45.85, 1),
    ("Clermont-Ferrand", "63113", "63000", 3.08333, 45.7833, 1), ("Tours", "37261", "37000", 0.683333, 47.3833, 1),
    ("Amiens", "80021", "80000", 2.3, 49.9, 1), ("Metz", "57463", "57000", 6.16667, 49.1333, 1),
    ("Besançon", "25056", "25000", 6.03333, 47.25, 1), ("Perpignan", "66136", "66000", 2.88333, 42.6833, 1),
    ("Orléans", "45234", "45000", 1.9, 47.9167, 1), ("Caen", "14118", "14000", -0.35, 49.1833, 1),
    ("Rouen", "76540", "76000", 1.08333, 49.4333, 1), ("Nancy", "54395", "54000", 6.2, 48.6833, 1),
)
SPREAD_KM = 18.0

# Common apprenticeship trades: ROME → (offer title, company name patterns, diploma levels).
TRADES = {
    "F1603": ("Apprenti plombier chauffagiste (H/F)", ("{n} Plomberie", "SARL {n} Chauffage"), "34"),
    "F1602": ("Apprenti électricien (H/F)", ("{n} Électricité", "Élec {n} et Fils"), "34"),
    "F1703": ("Apprenti maçon (H/F)", ("Maçonnerie {n}", "{n} Bâtiment"), "34"),
    "F1607": ("Apprenti menuisier poseur (H/F)", ("Menuiserie {n}", "{n} Agencement"), "34"),
    "D1102": ("Apprenti boulanger (H/F)", ("Boulangerie {n}", "Au Fournil {n}"), "34"),
    "D1104": ("Apprenti pâtissier (H/F)", ("Pâtisserie {n}", "Maison {n}"), "34"),
    "D1101": ("Apprenti boucher (H/F)", ("Boucherie {n}", "Maison {n} Viandes"), "34"),
    "G1602": ("Commis de cuisine en apprentissage (H/F)", ("Restaurant {n}", "Brasserie {n}"), "345"),
    "G1803": ("Serveur en apprentissage (H/F)", ("Brasserie {n}", "Café {n}"), "34"),
    "G1703": ("Réceptionniste en alternance (H/F)", ("Hôtel {n}", "Résidence {n}"), "45"),
    "D1202": ("Apprenti coiffeur (H/F)", ("Salon {n} Coiffure", "{n} Coiffure"), "34"),
    "D1507": ("Employé de rayon en alternance (H/F)", ("Supermarché {n}", "Marché {n}"), "34"),
    "D1106": ("Vendeur en alimentation en apprentissage (H/F)", ("Épicerie {n}", "Primeurs {n}"), "34"),
    "D1211": ("Vendeur conseil en alternance (H/F)", ("{n} Sports", "Boutique {n}"), "45"),
    "D1406": ("Manager commercial en alternance (H/F)", ("{n} Distribution", "Groupe {n}"), "56"),
    "D1402": ("Chargé de clientèle en alternance (H/F)", ("{n} Conseil", "{n} Solutions"), "56"),
    "I1604": ("Apprenti mécanicien automobile (H/F)", ("Garage {n}", "{n} Automobiles"), "34"),
    "I1304": ("Technicien de maintenance en alternance (H/F)", ("{n} Industrie", "Ateliers {n}"), "456"),
    "H2913": ("Apprenti soudeur (H/F)", ("Chaudronnerie {n}", "{n} Métallerie"), "34"),
    "N1103": ("Préparateur de commandes en alternance (H/F)", ("{n} Logistique", "Entrepôts {n}"), "34"),
    "M1805": ("Développeur web en alternance (H/F)", ("{n} Numérique", "Studio {n}"), "567"),
    "M1810": ("Technicien support informatique en alternance (H/F)", ("{n} Informatique", "{n} Services"), "56"),
    "M1203": ("Assistant comptable en alternance (H/F)", ("Cabinet {n}", "{n} Expertise"), "567"),
    "M1607": ("Assistant administratif en alternance (H/F)", ("{n} Gestion", "Cabinet {n}"), "45"),
    "M1502": ("Chargé de recrutement en alternance (H/F)", ("{n} RH", "{n} Talents"), "67"),
    "E1103": ("Chargé de communication en alternance (H/F)", ("Agence {n}", "{n} Communication"), "67"),
    "J1501": ("Aide-soignant en apprentissage (H/F)", ("EHPAD Les {n}", "Clinique {n}"), "4"),
    "K2204": ("Agent de propreté en apprentissage (H/F)", ("{n} Propreté", "{n} Services"), "3"),
}
NAMES = ("Martin", "Bernard", "Dubois", "Durand", "Lefèvre", "Moreau", "Laurent", "Simon",
         "Michel", "Garcia", "Roux", "Fournier", "Girard", "Bonnet", "Mercier", "Blanc",
         "Chevalier", "Lambert", "Faure", "Rousseau", "Vincent", "Muller", "Perrin", "Morel")
STREETS = ("rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "boulevard Gambetta",
           "rue Pasteur", "place de la Mairie", "rue des Artisans", "allée des Tilleuls",
           "rue du Moulin", "zone artisanale des Prés", "rue de la Gare", "avenue de la Liberté")
SIZES = ("0-0", "1-2", "3-5", "6-9", "10-19", "20-49", "50-99", "100-199")
STARTS = ("2027-08-25", "2027-09-01", "2027-09-06", "2027-09-15", "2027-10-01", "2027-01-04")
DURATIONS = (12, 24, 24, 24, 36)
MAX_PER_SOURCE = 150
DEMO_PARTNER = "Démonstration"


def _rng(*parts: str) -> random.Random:
    seed = hashlib.sha256(":".join(parts).encode()).digest()[:8]
    return random.Random(int.from_bytes(seed, "big"))


def _around(rng: random.Random, lon: float, lat: float) -> tuple[float, float]:
    distance, angle = rng.uniform(0.3, SPREAD_KM), rng.uniform(0, 2 * math.pi)
    dlat = distance * math.cos(angle) / 111.0
    dlon = distance * math.sin(angle) / (111.0 * math.cos(math.radians(lat)))
    return round(lon + dlon, 5), round(lat + dlat, 5)


def _trade(rome: str) -> tuple[str, tuple[str, ...], str, bool]:
    if rome in TRADES:
        title, patterns, levels = TRADES[rome]
        return title, patterns, levels, True
    known = referentials.trade_by_rome(rome)
    title = f"{known.label} en alternance (H/F)" if known else f"Offre en alternance, métier {rome}"
    return title, ("Entreprise {n}", "{n} et Associés"), "345", False


def _workplace(rng, name: str, city: tuple, size: str) -> dict:
    city_name, _insee, postcode, lon, lat, _weight = city
    wlon, wlat = _around(rng, lon, lat)
    return {
        "name": name, "brand": name, "legal_name": name.upper(), "siret": None, "size": size,
        "website": None, "description": None,
        "location": {"address": f"{rng.randint(1, 120)} {rng.choice(STREETS)} {postcode} {city_name}",
                     "geopoint": {"type": "Point", "coordinates": [wlon, wlat]}},
        "domain": {"idcc": None, "opco": None, "naf": None},
    }


@lru_cache(maxsize=4096)
def _dataset(city: tuple, rome: str) -> tuple[tuple[dict, ...], tuple[dict, ...]]:
    """Offers and companies of one trade around one city (immutable once built)."""
    rng = _rng("demo-v1", city[1], rome)
    title, patterns, levels, common = _trade(rome)
    weight = city[5] if common else 1
    apply_url = lba_search_url(title.split(" (")[0], city[4], city[3], city[0], 30)
    offers = []
    for i in range(rng.randint(0 if not common else 1, 3 * weight)):
        name = rng.choice(patterns).format(n=rng.choice(NAMES))
        level = rng.choice(levels)
        offer_id = f"demo-{rome}-{city[1]}-{i}"
        offers.append({
            "identifier": {"id": offer_id, "partner_label": DEMO_PARTNER,
                           "partner_job_id": offer_id},
            "workplace": _workplace(rng, name, city, rng.choice(SIZES)),
            "apply": {"url": apply_url, "phone": None, "recipient_id": None},
            "contract": {"start": rng.choice(STARTS) + "T00:00:00.000Z",
                         "duration": rng.choice(DURATIONS), "type": ["Apprentissage"],
                         "remote": "onsite"},
            "offer": {"title": title, "description": "Offre de démonstration.",
                      "rome_codes": [rome], "opening_count": 1, "desired_skills": [],
                      "to_be_acquired_skills": [], "access_conditions": [],
                      "publication": {"creation": "2026-11-02T08:00:00.000Z", "expiration": None},
                      "target_diploma": {"european": level, "label": None}, "status": "Active"},
            "is_delegated": False,
        })
    companies = []
    for i in range(rng.randint(1, 4 * weight)):
        name = rng.choice(patterns).format(n=rng.choice(NAMES))
        companies.append({
            "identifier": {"id": f"demo-company-{rome}-{city[1]}-{i}"},
            "workplace": _workplace(rng, name, city, rng.choice(SIZES)),
            "apply": {"url": apply_url, "phone": None, "recipient_id": None},
        })
    return tuple(offers), tuple(companies)


def _within(item: dict, lat: float, lon: float, radius: float) -> bool:
    ilon, ilat = item["workplace"]["location"]["geopoint"]["coordinates"]
    return distance_km(lat, lon, ilat, ilon) <= radius


def search_jobs(params: dict) -> dict:
    """Answer ``params`` (the upstream's query parameters) like the real job search."""
    romes = [r for r in str(params.get("romes") or "").split(",") if r]
    lat, lon = float(params["latitude"]), float(params["longitude"])
    radius = float(params.get("radius") or 30)
    level = str(params.get("target_diploma_level") or "")
    jobs, recruiters = [], []
    for city in CITIES:
        if distance_km(lat, lon, city[4], city[3]) > radius + SPREAD_KM:
            continue
        for rome in romes:
            offers, companies = _dataset(city, rome)
            jobs += [o for o in offers if _within(o, lat, lon, radius) and (
                not level or o["offer"]["target_diploma"]["european"] == level)]
            recruiters += [c for c in companies if _within(c, lat, lon, radius)]
    return {"jobs": jobs[:MAX_PER_SOURCE], "recruiters": recruiters[:MAX_PER_SOURCE],
            "warnings": []}


class DemoProvider:
    """Same interface as ``bff.upstream.apprentissage.ApprentissageClient``."""

    source = "demo"
    attempts = 0

    def search_jobs(self, params: dict) -> dict:
        return search_jobs(params)

    def circuit_state(self) -> dict:
        return {"state": "closed", "consecutive_failures": 0, "retry_in_seconds": 0.0,
                "provider": "demo"}
