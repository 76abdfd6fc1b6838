"""A fake Exposition InserJeunes API on loopback: the public routes, with fault modes.

Answers are synthetic (made-up figures and labels) but shaped as the API's OpenAPI
document describes them (``Certification``, ``Regionale``, ``Formation``, ``Error``;
``fixtures/exposition_schemas.json``, checked by ``test_insertion_fake.py``), and follow
the API's rules: shares computed over ``nb_annee_term`` and rounded, rates ``null`` with
the source's message below 20 final-year students, 404 ``Pas de données pour le
millésime`` listing ``millesimesDisponible``.

Routes: ``/api/inserjeunes/certifications/{code}``,
``/api/inserjeunes/regionales/{region}/certifications/{code}``,
``/api/inserjeunes/formations/{uai}-{code}``; ``?millesime=`` picks one, else the latest.

Modes (``mode``, or per code prefix in ``mode_for``): ``ok``, ``slow`` (``delay`` s then
ok), ``500``, ``flaky`` (``failures_before_ok`` times 503, then ok), ``malformed`` (not
JSON), ``invalid`` (JSON with a rate of 150), ``not_object`` (a JSON list).
"""
from __future__ import annotations

import copy
import json
import re
import time
from urllib.parse import parse_qs, unquote, urlsplit

from servers import FakeUpstream

THRESHOLD_MESSAGE = ("Les taux ne peuvent pas être affichés car il n'y a pas assez d'élèves "
                     "pour fournir une information fiable.")
META = {"title": "Données fictives pour les tests", "date_import": "2026-03-02T08:00:00.000Z"}
REGION_NAMES = {"84": "Auvergne-Rhône-Alpes", "11": "Île-de-France"}

# Codes of the fake (made up; labels say so)
CFD = "50022141"            # a CAP, apprenticeship: national, regional, in two CFAs
MEF = "32321014211"         # the same trade on the school route
CFD_SMALL = "50033999"      # under the threshold everywhere
CFD_OLD = "32031409"        # figures of a predecessor diploma
CFD_FIRST_YEAR = "40099999"  # not a final-year code: no figures, the final-year codes
SISE = "2400019"
UAI = "0693492W"            # place of training with its own figures
UAI_SITE = "0691234X"       # a site whose figures are its managing CFA's
UAI_MANAGER = "0690000A"


def rate(part: int, whole: int) -> int:
    return round(part * 100 / whole)


def stats(nb_annee_term: int, nb_poursuite_etudes: int, emploi: dict[int, int],
          nb_sortant: int | None = None, rupture: int | None = None) -> dict:
    """Counts and the rates the API derives from them (its documented rules)."""
    out = {"nb_annee_term": nb_annee_term, "nb_poursuite_etudes": nb_poursuite_etudes,
           "nb_sortant": nb_sortant if nb_sortant is not None
           else nb_annee_term - nb_poursuite_etudes}
    for months, count in emploi.items():
        out[f"nb_en_emploi_{months}_mois"] = count
    if nb_annee_term < 20:
        for months in emploi:
            out[f"taux_en_emploi_{months}_mois"] = None
            out[f"taux_autres_{months}_mois"] = None
        out["taux_en_formation"] = None
        return out
    out["taux_en_formation"] = rate(nb_poursuite_etudes, nb_annee_term)
    for months, count in emploi.items():
        out[f"taux_en_emploi_{months}_mois"] = rate(count, nb_annee_term)
        out[f"taux_autres_{months}_mois"] = max(0, 100 - rate(count, nb_annee_term)
                                                - rate(nb_poursuite_etudes, nb_annee_term))
    if rupture is not None:
        out["taux_rupture_contrats"] = rupture
    return out


def meta(figures: dict) -> dict:
    messages = [THRESHOLD_MESSAGE] if figures["nb_annee_term"] < 20 else []
    return {**META, "messages": messages}


def certification(code: str, millesime: str, filiere: str, libelle: str, figures: dict,
                  **extra) -> dict:
    bare = code.split(":", 1)[1]
    return {"millesime": millesime, "code_certification": bare, "filiere": filiere,
            "libelle": libelle, "diplome": {"code": bare[:3], "libelle": libelle.split()[0]},
            "formation_fermee": False,
            "donnee_source": {"code_certification": bare, "type": "self"},
            **figures, **extra, "_meta": meta(figures)}


def regionale(region: str, *args, **kwargs) -> dict:
    answer = certification(*args, **kwargs)
    answer["region"] = {"code": region, "nom": REGION_NAMES[region]}
    return answer


def formation(uai: str, label: str, *args, uai_type="lieu_formation", uai_donnee=None,
              uai_donnee_type=None, **kwargs) -> dict:
    answer = certification(*args, **kwargs)
    answer.update({"uai": uai, "libelle_etablissement": label,
                   "region": {"code": "84", "nom": REGION_NAMES["84"]},
                   "uai_type": uai_type, "uai_donnee": uai_donnee or uai,
                   "uai_donnee_type": uai_donnee_type or uai_type})
    return answer


def default_answers() -> dict:
    """(route, place, code) -> {millesime: answer}; the latest millésime first."""
    cap = "CAP EXEMPLE CUISINE (fictif)"
    bac = "BAC PRO EXEMPLE COMMERCE (fictif)"
    return {
        ("national", "", f"CFD:{CFD}"): {
            "2023": certification(f"CFD:{CFD}", "2023", "apprentissage", cap,
                                  stats(1200, 300, {6: 620, 12: 700}, rupture=27)),
            "2022": certification(f"CFD:{CFD}", "2022", "apprentissage", cap,
                                  stats(1100, 280, {6: 560, 12: 650})),
        },
        ("national", "", f"MEFSTAT11:{MEF}"): {
            "2023": certification(f"MEFSTAT11:{MEF}", "2023", "pro", cap,
                                  stats(900, 380, {6: 280, 12: 350})),
        },
        ("region", "84", f"MEFSTAT11:{MEF}"): {
            "2022_2023": regionale("84", f"MEFSTAT11:{MEF}", "2022_2023", "pro", cap,
                                   stats(160, 70, {6: 45})),
        },
        ("region", "84", f"CFD:{CFD}"): {
            "2022_2023": regionale("84", f"CFD:{CFD}", "2022_2023", "apprentissage", cap,
                                   stats(240, 60, {6: 130, 12: 150})),
        },
        ("etablissement", UAI, f"CFD:{CFD}"): {
            "2022_2023": formation(UAI, "CFA EXEMPLE DE LYON (fictif)", f"CFD:{CFD}",
                                   "2022_2023", "apprentissage", cap,
                                   stats(48, 10, {6: 29, 12: 31})),
            "2021_2022": formation(UAI, "CFA EXEMPLE DE LYON (fictif)", f"CFD:{CFD}",
                                   "2021_2022", "apprentissage", cap,
                                   stats(41, 9, {6: 22})),
        },
        ("etablissement", UAI_SITE, f"CFD:{CFD}"): {
            "2022_2023": formation(UAI_SITE, "SITE EXEMPLE DE VILLEFRANCHE (fictif)",
                                   f"CFD:{CFD}", "2022_2023", "apprentissage", cap,
                                   stats(75, 15, {6: 40}), uai_donnee=UAI_MANAGER,
                                   uai_donnee_type="gestionnaire"),
        },
        ("national", "", f"CFD:{CFD_SMALL}"): {
            "2023": certification(f"CFD:{CFD_SMALL}", "2023", "apprentissage",
                                  "CAP EXEMPLE RARE (fictif)", stats(12, 3, {6: 5})),
        },
        ("national", "", f"CFD:{CFD_OLD}"): {
            "2023": certification(f"CFD:{CFD_OLD}", "2023", "apprentissage", bac,
                                  stats(300, 120, {6: 110}),
                                  donnee_source={"code_certification": "32031408",
                                                 "type": "ancienne"}),
        },
        ("national", "", f"CFD:{CFD_FIRST_YEAR}"): {
            "2023": {"millesime": "2023", "code_certification": CFD_FIRST_YEAR,
                     "filiere": "apprentissage", "libelle": "BAC PRO EXEMPLE 1RE ANNEE (fictif)",
                     "certificationsTerminales": [{"code_certification": "CFD:40099998"}],
                     "_meta": {**META, "messages": []}},
        },
        ("national", "", f"SISE:{SISE}"): {
            "2023": certification(f"SISE:{SISE}", "2023", "superieur",
                                  "LICENCE PRO EXEMPLE (fictif)", stats(85, 30, {6: 41})),
        },
    }


class FakeExposition(FakeUpstream):
    def __init__(self):
        super().__init__("/api/inserjeunes")
        self.reset()

    def reset(self, mode: str = "ok", **settings) -> None:
        defaults = dict(mode_for={}, delay=0.0, failures_before_ok=1, answers=default_answers())
        super().reset(mode, **{**defaults, **settings})

    ROUTES = (
        ("national", re.compile(r"^/api/inserjeunes/certifications/([^/]+)$")),
        ("region", re.compile(r"^/api/inserjeunes/regionales/([^/]+)/certifications/([^/]+)$")),
        ("etablissement", re.compile(r"^/api/inserjeunes/formations/(\d{7}[A-Z])-([^/]+)$")),
    )

    def route(self, path: str):
        for scope, pattern in self.ROUTES:
            match = pattern.match(unquote(path))
            if match:
                if scope == "national":
                    return scope, "", match.group(1)
                return scope, match.group(1), match.group(2)
        return None

    def handle(self, request) -> None:
        parts = urlsplit(request.path)
        query = parse_qs(parts.query)
        number = self.record({"path": unquote(parts.path), "params": query,
                              "api_key": request.headers.get("x-api-key")})
        found = self.route(parts.path)
        if found is None:
            return self.send(request, 404, {"statusCode": 404, "error": "Not Found",
                                            "message": "Not Found"})
        scope, place, code = found
        mode = self.mode_for.get(code.split(":", 1)[0], self.mode)
        if mode == "slow":
            time.sleep(self.delay)
        elif mode == "500":
            return self.send(request, 500, {"statusCode": 500, "error": "Internal Server Error",
                                            "message": "An internal server error occurred"})
        elif mode == "flaky" and number <= self.failures_before_ok:
            return self.send(request, 503, {"statusCode": 503, "error": "Service Unavailable"})
        elif mode == "malformed":
            return self.send_raw(request, 200, b'{"millesime": "2023", "taux_', "application/json")
        elif mode == "not_object":
            return self.send(request, 200, [{"millesime": "2023"}])

        answers = self.answers.get((scope, place, code))
        if not answers:
            message = "Formation inconnue" if scope == "etablissement" else (
                "Pas de données disponibles" if scope == "region" else "Certification inconnue")
            return self.send(request, 404, {"statusCode": 404, "error": "Not Found",
                                            "message": message})
        wanted = (query.get("millesime") or [""])[0]
        if wanted:
            wanted = "_".join(sorted(re.split(r"[-_]", wanted)))
        if wanted and wanted not in answers:
            return self.send(request, 404, {
                "statusCode": 404, "error": "Not Found",
                "message": "Pas de données pour le millésime",
                "data": {"millesime": wanted, "millesimesDisponible": list(answers)}})
        answer = copy.deepcopy(answers[wanted] if wanted else next(iter(answers.values())))
        if mode == "invalid":
            answer["taux_en_emploi_6_mois"] = 150
        return self.send(request, 200, answer)

    def send(self, request, status: int, body, headers: dict | None = None) -> None:
        # The API answers UTF-8 JSON with non-ASCII text, and allows every origin (CORS *).
        self.send_raw(request, status, json.dumps(body, ensure_ascii=False).encode(),
                      "application/json; charset=utf-8",
                      {"Access-Control-Allow-Origin": "*", **(headers or {})})
