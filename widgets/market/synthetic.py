"""A synthetic export, generated deterministically: DEMONSTRATION DATA, not real offers.

Items have the export's shape (``JobOfferRead``; recruiters as ``JobRecruiter`` plus the
``rome_codes`` list the snapshot needs, see ``export_schema``). They are spread over the
communes of the offer search in proportion to their population (overseas communes
included), around each commune's centre; ROME codes come from the trades data, the most
common apprenticeship trades weighing most; sectors are a few NAF codes per ROME domain.
Every identifier starts with ``demo-``, every employer is « Entreprise de démonstration »
and every title ends with « (démonstration) », so no one can take them for real offers.

The same ``seed`` and sizes always give the same items (Python's ``random.Random``).
"""
from __future__ import annotations

import bisect
import itertools
import random
from typing import Iterator

from widgets.offers import referentials
from widgets.offers.demo import TRADES as COMMON_TRADES

DEMO_LABEL = "données de démonstration"
# INSEE NAF rév. 2 sub-classes per ROME domain (first letter of the code).
NAF_BY_DOMAIN = {
    "A": [("0111Z", "Culture de céréales (à l'exception du riz), de légumineuses et de graines oléagineuses"),
          ("8130Z", "Services d'aménagement paysager")],
    "B": [("9003A", "Création artistique relevant des arts plastiques")],
    "C": [("6419Z", "Autres intermédiations monétaires"),
          ("6622Z", "Activités des agents et courtiers d'assurances")],
    "D": [("4711D", "Supermarchés"), ("4771Z", "Commerce de détail d'habillement en magasin spécialisé"),
          ("1071C", "Boulangerie et boulangerie-pâtisserie"), ("9602A", "Coiffure")],
    "E": [("7311Z", "Activités des agences de publicité")],
    "F": [("4322A", "Travaux d'installation d'eau et de gaz en tous locaux"),
          ("4321A", "Travaux d'installation électrique dans tous locaux"),
          ("4399C", "Travaux de maçonnerie générale et gros œuvre de bâtiment"),
          ("4332A", "Travaux de menuiserie bois et PVC")],
    "G": [("5610A", "Restauration traditionnelle"), ("5510Z", "Hôtels et hébergement similaire")],
    "H": [("2511Z", "Fabrication de structures métalliques et de parties de structures"),
          ("3312Z", "Réparation de machines et équipements mécaniques")],
    "I": [("4520A", "Entretien et réparation de véhicules automobiles légers"),
          ("3312Z", "Réparation de machines et équipements mécaniques")],
    "J": [("8610Z", "Activités hospitalières"),
          ("8710A", "Hébergement médicalisé pour personnes âgées")],
    "K": [("8121Z", "Nettoyage courant des bâtiments"), ("8810A", "Aide à domicile")],
    "L": [("9001Z", "Arts du spectacle vivant")],
    "M": [("6201Z", "Programmation informatique"), ("6920Z", "Activités comptables"),
          ("7022Z", "Conseil pour les affaires et autres conseils de gestion")],
    "N": [("5210B", "Entreposage et stockage non frigorifique"),
          ("4941A", "Transports routiers de fret interurbains")],
}
SOURCES = (("France Travail", 45), ("offres_emploi_lba", 15), ("Hellowork", 15),
           ("Meteojob", 10), ("RH Alternance", 8), ("Engie", 4), ("Enedis", 3))
LEVELS = (("3", 30), ("4", 22), ("5", 20), ("6", 12), ("7", 8), (None, 8))
SIZES = ("0-0", "1-2", "3-5", "6-9", "10-19", "20-49", "50-99", "100-199", "250-499")
STREETS = ("rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "rue Pasteur",
           "place de la Mairie", "rue des Artisans", "rue du Moulin", "rue de la Gare")
# Most employers stay within a few km of the commune's centre.
SPREAD_KM = 4.0


def _cumulative(weights) -> list[float]:
    return list(itertools.accumulate(weights))


class _Picker:
    """Weighted choice by bisection over cumulative weights (fast for 35,000 communes)."""

    def __init__(self, values, weights):
        self.values = list(values)
        self.cumulative = _cumulative(weights)
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random):
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)
                           if self.total else 0]


def _rome_picker(rng: random.Random) -> _Picker:
    known = set(referentials.rome_codes())
    codes = sorted(known)
    common = [c for c in COMMON_TRADES if c in known]
    others = [c for c in codes if c not in common]
    rng.shuffle(others)
    # Common trades first, then a long tail (Zipf-like weights).
    ordered = common + others
    return _Picker(ordered, [1.0 / (rank + 5) ** 1.1 for rank in range(len(ordered))])


class Generator:
    def __init__(self, seed: int = 2026):
        self.seed = seed
        communes = referentials._communes().communes
        populations = referentials._read("communes.json.gz")["communes"]["population"]
        self.communes = communes
        self.commune_picker = _Picker(range(len(communes)), [p or 1 for p in populations])

    def _point(self, rng: random.Random, commune) -> tuple[float, float]:
        import math
        distance = SPREAD_KM * math.sqrt(rng.random())
        angle = rng.uniform(0, 2 * math.pi)
        lat = commune.latitude + distance * math.cos(angle) / 111.2
        lon = commune.longitude + distance * math.sin(angle) / (
            111.2 * max(0.05, math.cos(math.radians(commune.latitude))))
        return round(max(-90.0, min(90.0, lat)), 5), round((lon + 180.0) % 360.0 - 180.0, 5)

    def _company(self, rng: random.Random, number: int, romes: tuple[str, ...]) -> dict:
        commune = self.communes[self.commune_picker(rng)]
        lat, lon = self._point(rng, commune)
        naf_code, naf_label = rng.choice(NAF_BY_DOMAIN.get(romes[0][0], NAF_BY_DOMAIN["M"]))
        name = f"Entreprise de démonstration {number}"
        postcode = commune.postcodes[0] if commune.postcodes else ""
        return {
            "name": name, "brand": name, "legal_name": name.upper(),
            "siret": f"9{number:013d}", "size": rng.choice(SIZES), "website": None,
            "description": None,
            "location": {"address": f"{rng.randint(1, 120)} {rng.choice(STREETS)} "
                                    f"{postcode} {commune.name}".replace("  ", " "),
                         "geopoint": {"type": "Point", "coordinates": [lon, lat]}},
            "domain": {"idcc": None, "opco": None, "naf": {"code": naf_code, "label": naf_label}},
        }

    def items(self, offers: int, recruiters: int) -> Iterator[dict]:
        """``offers`` offers then ``recruiters`` recruiters, as export items."""
        rng = random.Random(self.seed)
        pick_rome = _rome_picker(rng)
        pick_source = _Picker([s for s, _ in SOURCES], [w for _, w in SOURCES])
        pick_level = _Picker([lv for lv, _ in LEVELS], [w for _, w in LEVELS])
        companies: list[tuple[dict, tuple[str, ...]]] = []
        for i in range(offers):
            # Two offers in five come from an employer already hiring for the same trades.
            if companies and rng.random() < 0.4:
                workplace, romes = rng.choice(companies)
            else:
                romes = (pick_rome(rng),)
                if rng.random() < 0.1:
                    romes += (pick_rome(rng),)
                workplace = self._company(rng, len(companies), romes)
                companies.append((workplace, romes))
            level = pick_level(rng)
            title = referentials.trade_by_rome(romes[0])
            yield {
                "identifier": {"id": f"demo-offer-{i}", "partner_label": pick_source(rng),
                               "partner_job_id": f"demo-offer-{i}"},
                "workplace": workplace,
                "apply": {"url": "https://labonnealternance.apprentissage.beta.gouv.fr/",
                          "phone": None, "recipient_id": None},
                "contract": {"start": "2027-09-01T00:00:00.000Z", "duration": 24,
                             "type": ["Apprentissage"], "remote": "onsite"},
                "offer": {"title": f"{title.label if title else romes[0]} (démonstration)",
                          "description": "Offre de démonstration.", "rome_codes": list(romes),
                          "opening_count": 1 if rng.random() < 0.85 else rng.randint(2, 5),
                          "desired_skills": [], "to_be_acquired_skills": [],
                          "access_conditions": [],
                          "publication": {"creation": "2026-11-02T08:00:00.000Z",
                                          "expiration": None},
                          "target_diploma": {"european": level, "label": None} if level else None,
                          "status": "Active"},
                "is_delegated": False,
            }
        for i in range(recruiters):
            romes = (pick_rome(rng),)
            if rng.random() < 0.3:
                romes += (pick_rome(rng),)
            number = len(companies) + i
            yield {
                "identifier": {"id": f"demo-recruiter-{i}"},
                "workplace": self._company(rng, number, romes),
                "apply": {"url": "https://labonnealternance.apprentissage.beta.gouv.fr/",
                          "phone": None, "recipient_id": None},
                "rome_codes": list(romes),
            }


def synthetic_export(offers: int, recruiters: int, seed: int = 2026) -> list[dict]:
    return list(Generator(seed).items(offers, recruiters))
