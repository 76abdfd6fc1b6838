"""Bad input: a 400 with a French message per parameter (JSON) or next to the parameter
(page), never a 500; hypothesis throws arbitrary query strings at both."""
from __future__ import annotations

import html
import re
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insertion_helpers import make_app

GOOD = {"uai": "0693492W", "cfd": "50022141", "mefstat11": "32321014211", "sise": "2400019",
        "region": "84", "millesime": "2022_2023"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("query"), None).test_client()


@pytest.mark.parametrize("query, field, words", [
    ({"uai": "069349"}, "uai", "Code UAI mal formé"),
    ({"uai": "0693492WW"}, "uai", "Code UAI mal formé"),
    ({"uai": "069349_W"}, "uai", "Code UAI mal formé"),
    ({"cfd": "5002214"}, "cfd", "Code formation diplôme (CFD) mal formé"),
    ({"cfd": "5002214!"}, "cfd", "Code formation diplôme (CFD) mal formé"),
    ({"mefstat11": "3232101421"}, "mefstat11", "Code MEFSTAT11 mal formé"),
    ({"mefstat11": "3232101421X"}, "mefstat11", "Code MEFSTAT11 mal formé"),
    ({"sise": "240001"}, "sise", "Code SISE mal formé"),
    ({"cfd": "50022141", "region": "99"}, "region", "Code région inconnu"),
    ({"cfd": "50022141", "region": "8"}, "region", "Code région inconnu"),
    ({"uai": "0693492W", "millesime": "2022_2024"}, "millesime", "Millésime mal formé"),
    ({"uai": "0693492W", "millesime": "22"}, "millesime", "Millésime mal formé"),
    ({"uai": "0693492W", "millesime": "1999"}, "millesime", "Millésime mal formé"),
    ({"uai": "0693492W", "millesime": "2023\x00"}, "millesime", "Millésime mal formé"),
    ({"sise": "2400019", "cfd": "50022141"}, "sise", "ne se combine pas"),
    ({"region": "84"}, "_schema", "Indiquez un établissement (uai) ou une formation"),
    ({"millesime": "2023", "foo": "bar"}, "_schema", "Indiquez un établissement"),
])
def test_each_bad_parameter_gets_a_400_with_its_french_message(client, query, field, words):
    response = client.get("/api/v1/insertion?" + urlencode(query))
    assert response.status_code == 400
    body = response.get_json()
    assert list(body) == ["errors"] and field in body["errors"]
    assert any(words in message for message in body["errors"][field])
    page = client.get("/widgets/v1/insertion?caller=demo&" + urlencode(query))
    assert page.status_code == 400
    shown = html.unescape(page.get_data(as_text=True))
    item = re.search(rf'<li data-param="{"" if field == "_schema" else field}">(.*?)</li>',
                     shown, re.S)
    assert item and words in item.group(1)
    if field != "_schema":
        assert f"<code>{field}</code>" in item.group(1)      # the message names its parameter


def test_blank_and_unknown_parameters_mean_not_given(client):
    response = client.get("/api/v1/insertion?uai=0693492W&cfd=&mefstat11=%20&foo=1&caller=%20")
    assert response.status_code == 200 and response.get_json()["scope"] == "etablissement"


def test_the_page_without_any_parameter_says_what_it_needs(client):
    page = client.get("/widgets/v1/insertion?caller=demo")
    assert page.status_code == 200
    assert "Aucun établissement ni aucune formation" in html.unescape(page.get_data(as_text=True))


def test_the_page_needs_a_registered_caller(client):
    assert client.get("/widgets/v1/insertion?uai=0693492W").status_code == 400
    assert client.get("/widgets/v1/insertion?caller=inconnu&uai=0693492W").status_code == 400


values = st.one_of(st.sampled_from(list(GOOD.values())), st.text(max_size=30),
                   st.from_regex(r"\A[0-9A-Za-z_\- ]{0,14}\Z"))
queries = st.dictionaries(st.sampled_from(list(GOOD) + ["caller", "x"]), values, max_size=5)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=queries)
def test_any_query_string_gets_a_clear_answer_never_a_500(client, query):
    response = client.get("/api/v1/insertion?" + urlencode(query))
    assert response.status_code in (200, 400, 404), (query, response.status_code)
    body = response.get_json()
    if response.status_code == 400:
        assert body["errors"] and all(isinstance(m, str) and m
                                      for messages in body["errors"].values() for m in messages)
    elif response.status_code == 404:
        assert body["error"]["code"] == "not_found" and isinstance(body["millesimes"], list)
    else:
        assert body["scope"] in ("etablissement", "region", "national")
        assert all(v is None or 0 <= v <= 100 or k == "valeur_ajoutee_6_mois"
                   for k, v in body["rates"].items())
    page = client.get("/widgets/v1/insertion?" + urlencode({**query, "caller": "demo"}))
    assert page.status_code in (200, 400, 404), (query, page.status_code)
