"""The OpenAPI document: valid, complete, and true to the real answers."""
from __future__ import annotations

import tempfile

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate

from bff import create_app
from schemathesis.checks import (content_type_conformance, not_a_server_error,
                                 response_schema_conformance, status_code_conformance)

# Module level: schemathesis builds its test cases from the app at collection time.
APP = create_app({"TESTING": True, "CACHE_TYPE": "SimpleCache", "APPRENTISSAGE_API_KEY": None,
                  "DATABASE_URL": "sqlite:///" + tempfile.mkdtemp(prefix="aw-openapi-") + "/t.sqlite3"})
SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)


def test_document_validates_as_openapi_3():
    document = APP.test_client().get("/api/v1/openapi.json").get_json()
    validate(document)
    assert document["openapi"].startswith("3.")


def test_every_api_route_is_documented():
    document = APP.test_client().get("/api/v1/openapi.json").get_json()
    documented = set(document["paths"])
    routes = {rule.rule for rule in APP.url_map.iter_rules()
              if rule.rule.startswith("/api/v1/") and rule.endpoint != "openapi.docs"}
    assert routes <= documented, f"undocumented: {sorted(routes - documented)}"


def test_query_parameters_come_from_the_endpoints_schemas():
    document = APP.test_client().get("/api/v1/openapi.json").get_json()
    pay = {p["name"]: p for p in document["paths"]["/api/v1/pay-simulation"]["get"]["parameters"]}
    assert pay["birth_month"]["required"] and pay["contract_start"]["required"]
    assert pay["duration_months"]["schema"]["anyOf"][0]["minimum"] == 6
    assert pay["duration_months"]["allowEmptyValue"] is True      # blank means "not given"
    offers = {p["name"]: p for p in document["paths"]["/api/v1/offers"]["get"]["parameters"]}
    assert offers["radius"]["schema"]["maximum"] == 200 and "allowEmptyValue" not in offers["radius"]


def test_reference_page_lists_every_operation(client):
    document = client.get("/api/v1/openapi.json").get_json()
    page = client.get("/api/v1/docs")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "unsafe-inline" not in page.headers["Content-Security-Policy"]
    for path in document["paths"]:
        assert f"GET {path}</code>" in html
    assert "<script" not in html and "style=" not in html


@SCHEMA.parametrize()
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
def test_answers_match_the_document(case):
    # The WSGI transport reads bodies as they are sent and does not undo a content
    # coding: ask for none (compressed answers are checked in test_prod_compression.py
    # to decode to these same bytes).
    case.call_and_validate(headers={"Accept-Encoding": "identity"},
                           checks=[not_a_server_error, status_code_conformance,
                                   content_type_conformance, response_schema_conformance])


def test_each_example_query_answers_200_matching_its_schema():
    """The generated cases are mostly invalid queries (400); this pins a valid one per
    operation, so every 200 shape is checked against a real answer."""
    from openapi_schema_validator import OAS30Validator
    from referencing import Registry, Resource

    client = APP.test_client()
    document = client.get("/api/v1/openapi.json").get_json()
    registry = Registry().with_resource("urn:doc", Resource.opaque(document))
    checked = 0
    for path, item in document["paths"].items():
        operation = item["get"]
        query = {p["name"]: p["example"] for p in operation.get("parameters", ()) if "example" in p}
        if not query:
            continue
        response = client.get(path, query_string=query)
        assert response.status_code == 200, (path, response.get_json())
        content = operation["responses"]["200"]["content"]
        if "application/json" not in content:
            assert response.mimetype in content
            continue
        schema = content["application/json"]["schema"]
        validator = OAS30Validator({"$ref": "urn:doc#" + schema["$ref"][1:]}, registry=registry)
        validator.validate(response.get_json())
        checked += 1
    assert checked >= 4


def test_documented_revalidation_is_real():
    client = APP.test_client()
    document = client.get("/api/v1/openapi.json").get_json()
    for path, item in document["paths"].items():
        assert "304" in item["get"]["responses"], path
    etag = client.get("/api/v1/trades?q=lyon").headers["ETag"]
    assert client.get("/api/v1/trades?q=lyon", headers={"If-None-Match": etag}).status_code == 304
