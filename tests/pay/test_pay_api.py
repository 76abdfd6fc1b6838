"""GET /api/v1/pay-simulation: answers, the 400 shape for each wrong field, never a 500."""
from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

URL = "/api/v1/pay-simulation"
VALID = {"birth_month": "2008-05", "contract_start": "2025-09-01"}


def get(client, **params):
    return client.get(URL + "?" + urlencode({**VALID, **params}))


def test_answer_periods_summary_regime_and_sources(client):
    response = get(client, duration_months="36", offered_gross="1000")
    assert response.status_code == 200
    assert response.headers.get("Set-Cookie") is None
    body = response.get_json()
    first = body["periods"][0]
    assert first == {
        "start": "2025-09-01", "end": "2025-12-31", "age": 17, "age_band": "under_18",
        "contract_year": 1, "training_year": 1, "rate_percent": 27, "reference": "smic",
        "reference_monthly": 1801.80, "smic_monthly": 1801.80, "gross_monthly": 486.49,
        "net_monthly": 486.49,
        "offer": {"gross_monthly": 1000.00, "net_monthly": 979.34, "below_minimum": False,
                  "shortfall_monthly": 0.00},
    }
    assert [p["rate_percent"] for p in body["periods"]][:4] == [27, 27, 43, 51]
    assert body["periods"][-1]["end"] == "2028-08-31"
    assert [y["contract_year"] for y in body["summary"]] == [1, 2, 3]
    assert body["summary"][2]["gross_monthly_max"] == 1250.90
    assert body["regime"]["key"] == "from_2025_03"
    assert body["regime"]["exempt_up_to_percent_of_smic"] == 50
    # 1 000 € covers years 1 and 2 but not year 3 (67 % of 1 867,02 € = 1 250,90 €).
    assert body["offer"] == {
        "gross_monthly": 1000.00, "below_minimum": True, "shortfall_monthly_max": 250.90,
        # Two year-3 periods: the 20th birthday (May 2028) starts a new one on 1 June.
        "periods_below": [{"start": "2027-09-01", "end": "2028-05-31",
                           "minimum_gross_monthly": 1250.90, "shortfall_monthly": 250.90},
                          {"start": "2028-06-01", "end": "2028-08-31",
                           "minimum_gross_monthly": 1250.90, "shortfall_monthly": 250.90}]}
    assert body["periods"][-1]["offer"]["below_minimum"] is True
    assert body["periods"][-1]["offer"]["shortfall_monthly"] == 250.90
    assert body["notes"] == []
    sources = body["sources"]
    assert sources["figures_checked_on"] == "2026-11-29"
    assert sources["latest_smic_from"] == "2026-06-01"
    assert any("D6222-26" in s["reference"] for s in sources["legal"])
    assert any(s["from"] == "2026-01-01" and "2025-1228" in s["source"] for s in sources["smic"])


def test_amounts_are_json_numbers_with_two_decimals(client):
    text = get(client).get_data(as_text=True)
    assert '"reference_monthly":1801.80' in text
    amounts = re.findall(r'"(?:gross|net|reference|smic)_monthly(?:_min|_max)?":([^,}]+)', text)
    assert amounts and all(re.fullmatch(r"\d+\.\d\d", a) for a in amounts)


def test_contract_signed_before_march_2025_keeps_the_79_percent_regime(client):
    body = get(client, birth_month="1990-01", contract_start="2025-09-01",
               signed_on="2025-02-15", duration_months="6").get_json()
    assert body["regime"]["key"] == "before_2025_03"
    assert body["contract"]["signed_on"] == "2025-02-15"
    # 26+: 1 801,80 € gross, 11,31 % on the part above 79 % of the SMIC.
    assert body["periods"][0]["net_monthly"] == 1759.01


def test_branch_minimum_and_starts_in_year(client):
    body = get(client, birth_month="2004-01", conventional_minimum="2 000,00",
               starts_in_year="2", duration_months="12").get_json()
    first = body["periods"][0]
    assert (first["reference"], first["reference_monthly"], first["rate_percent"],
            first["gross_monthly"]) == ("conventional_minimum", 2000.00, 61, 1220.00)


def test_mayotte(client):
    body = get(client, territory="mayotte", contract_start="2026-01-01",
               birth_month="2010-01", duration_months="6").get_json()
    assert body["periods"][0]["gross_monthly"] == 382.06
    assert body["periods"][0]["net_monthly"] is None


def test_formation_start_in_2027_uses_the_latest_known_smic(client):
    body = get(client, contract_start="2027-09-01", birth_month="2009-03").get_json()
    assert body["periods"][0]["smic_monthly"] == 1867.02
    assert body["sources"]["latest_smic_kept_after"] is True


BAD = [
    ({"birth_month": None}, "birth_month", "obligatoire"),
    ({"birth_month": "2008-05-20"}, "birth_month", "AAAA-MM"),
    ({"birth_month": "2008-13"}, "birth_month", "AAAA-MM"),
    ({"birth_month": "2020-01"}, "birth_month", "à partir de 16 ans, ou de 15 ans après la classe de 3e"),
    ({"birth_month": "1900-01"}, "birth_month", "plus de 99 ans"),
    ({"contract_start": None}, "contract_start", "obligatoire"),
    ({"contract_start": "2025-02-30"}, "contract_start", "date valide"),
    ({"contract_start": "2022-12-31"}, "contract_start", "débutent entre le 01/01/2023"),
    ({"contract_start": "2031-01-01"}, "contract_start", "et le 31/12/2030"),
    ({"duration_months": "5"}, "duration_months", "entre 6 et 48"),
    ({"duration_months": "49"}, "duration_months", "entre 6 et 48"),
    ({"duration_months": "douze"}, "duration_months", "entre 6 et 48"),
    ({"signed_on": "2025-09-02"}, "signed_on", "postérieure au début"),
    ({"signed_on": "2018-12-31"}, "signed_on", "01/01/2019"),
    ({"signed_on": "hier"}, "signed_on", "date valide"),
    ({"conventional_minimum": "-5"}, "conventional_minimum", "montant"),
    ({"conventional_minimum": "NaN"}, "conventional_minimum", "montant"),
    ({"conventional_minimum": "20000.01"}, "conventional_minimum", "entre 1 et 20 000"),
    ({"starts_in_year": "4"}, "starts_in_year", "1, 2 ou 3"),
    ({"starts_in_year": "0"}, "starts_in_year", "1, 2 ou 3"),
    ({"offered_gross": "1e9"}, "offered_gross", "montant"),
    ({"offered_gross": "0"}, "offered_gross", "entre 1 et 20 000"),
    ({"territory": "guyane"}, "territory", "metropole"),
]


@pytest.mark.parametrize("change,field,words", BAD)
def test_each_wrong_field_answers_400_with_a_french_message(client, change, field, words):
    params = {k: v for k, v in {**VALID, **change}.items() if v is not None}
    response = client.get(URL + "?" + urlencode(params))
    assert response.status_code == 400
    body = response.get_json()
    assert set(body) == {"errors"}
    assert list(body["errors"]) == [field]
    assert any(words in message for message in body["errors"][field])


def test_several_wrong_fields_at_once(client):
    response = client.get(URL + "?duration_months=100&starts_in_year=x")
    assert response.status_code == 400
    assert set(response.get_json()["errors"]) == {
        "birth_month", "contract_start", "duration_months", "starts_in_year"}


NAMES = st.sampled_from(["birth_month", "contract_start", "duration_months", "signed_on",
                         "conventional_minimum", "starts_in_year", "offered_gross", "territory",
                         "other"])
VALUES = st.one_of(
    st.text(max_size=30),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%Y-%m")),
    st.integers(-10**30, 10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", " ", "NaN", "1e999999", "9" * 5000, "\x00", "2008-05", "2025-09-01",
                     "2024-02-29", "２４", "1 850,50"]),
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(st.tuples(NAMES, VALUES), max_size=8))
def test_no_query_string_gives_a_500(client, pairs):
    response = client.get(URL + "?" + urlencode(pairs))
    assert response.status_code in (200, 400)
    body = json.loads(response.get_data(as_text=True))
    assert ("periods" in body) if response.status_code == 200 else ("errors" in body)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200))
def test_no_raw_query_bytes_give_a_500(client, raw):
    from urllib.parse import quote_from_bytes
    response = client.get(URL + "?" + quote_from_bytes(raw, safe="=&"))
    assert response.status_code in (200, 400)
