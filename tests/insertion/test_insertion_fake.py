"""The fake Exposition API answers what the real one documents: every answer it sends is
valid against the API's own OpenAPI schemas (fixtures/exposition_schemas.json)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource

from fake_exposition import CFD, CFD_SMALL, MEF, THRESHOLD_MESSAGE, UAI, default_answers

DOCUMENT = json.loads((Path(__file__).parent / "fixtures" / "exposition_schemas.json")
                      .read_text(encoding="utf-8"))
REGISTRY = Registry().with_resource(
    "urn:exposition", Resource.opaque({"components": {"schemas": DOCUMENT["schemas"]}}))
SCHEMA_OF = {"national": "Certification", "region": "Regionale", "etablissement": "Formation"}


def validator(name: str) -> OAS30Validator:
    return OAS30Validator({"$ref": f"urn:exposition#/components/schemas/{name}"},
                          registry=REGISTRY)


def test_the_schemas_come_from_the_apis_document():
    assert DOCUMENT["title"] == "API Exposition InserJeunes"
    assert DOCUMENT["openapi"].startswith("3.")
    assert set(SCHEMA_OF.values()) <= set(DOCUMENT["schemas"])
    # The document's own rule, which the fake follows.
    assert "null quand les effectifs (nb_annee_term) sont < 20" in \
        DOCUMENT["schemas"]["Certification"]["description"]


@pytest.mark.parametrize("route", sorted(default_answers(), key=str))
def test_every_answer_of_the_fake_is_valid_against_the_documented_schema(route):
    for answer in default_answers()[route].values():
        validator(SCHEMA_OF[route[0]]).validate(answer)


def test_a_wrong_answer_would_be_caught_by_these_schemas():
    answer = next(iter(default_answers()[("national", "", f"CFD:{CFD}")].values()))
    broken = dict(answer, filiere="alternance")
    assert not validator("Certification").is_valid(broken)
    assert not validator("Formation").is_valid(answer)        # no uai, no region


def test_the_wire_answers_and_404s_are_documented_shapes(exposition):
    base = exposition.url
    ok = requests.get(f"{base}/certifications/CFD:{CFD}", timeout=5)
    validator("Certification").validate(ok.json())
    regional = requests.get(f"{base}/regionales/84/certifications/MEFSTAT11:{MEF}", timeout=5)
    validator("Regionale").validate(regional.json())
    formation = requests.get(f"{base}/formations/{UAI}-CFD:{CFD}?millesime=2021-2022", timeout=5)
    validator("Formation").validate(formation.json())
    assert formation.json()["millesime"] == "2021_2022"
    missing = requests.get(f"{base}/certifications/CFD:{CFD}?millesime=2019", timeout=5)
    assert missing.status_code == 404
    validator("Error").validate(missing.json())
    assert missing.json()["data"]["millesimesDisponible"] == ["2023", "2022"]
    unknown = requests.get(f"{base}/certifications/CFD:99999999", timeout=5)
    assert unknown.status_code == 404 and unknown.json()["message"] == "Certification inconnue"
    small = requests.get(f"{base}/certifications/CFD:{CFD_SMALL}", timeout=5).json()
    assert small["nb_annee_term"] < 20 and small["taux_en_emploi_6_mois"] is None
    assert small["_meta"]["messages"] == [THRESHOLD_MESSAGE]
