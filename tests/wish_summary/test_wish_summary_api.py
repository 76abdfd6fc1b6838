"""GET /api/v1/wish-summary: the facts as data, and a 400 with a French message for each
bad parameter."""
from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets.pay.figures import figures
from widgets.pay.rules import band_for_age, minimum_gross, net_monthly, regime_for
from widgets.wish_summary.pay import LIKELY_AGES, birth_month_for_age, first_year_range

API = "/api/v1/wish-summary"
WISH = {"caller": "parcoursup", "platform": "parcoursup", "formation_start": "2027-09-01",
        "romes": "D1406,D1407", "insee": "69123", "today": "2027-02-01"}


def get(client, **params):
    return client.get(API + "?" + urlencode(params))


def test_answer_has_the_documented_shape(client):
    response = get(client, **WISH)
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) >= {"platform", "formation_start", "campaign", "today", "now",
                         "next_deadline", "pay", "market", "outcomes", "links"}
    assert body["platform"] == "parcoursup" and body["campaign"] == "2027"
    assert body["today"] == "2027-02-01"
    # 1 February 2027: the Parcoursup wishes phase, which ends on 11 March.
    assert body["now"]["phase"] == "wishes"
    assert body["now"]["employer_search"] is True
    assert "11 mars 2027" in body["now"]["sentence"]
    assert body["next_deadline"] == {"id": "wishes", "title": "Inscription et formulation des vœux",
                                     "date": "2027-03-11",
                                     "days_left": (date(2027, 3, 11) - date(2027, 2, 1)).days}
    # No insertion provider is registered: no outcomes line, never a zero.
    assert body["outcomes"] is None and body["links"]["insertion"] is None


def test_market_counts_come_from_the_search_and_say_whether_they_are_capped(client):
    body = get(client, **WISH).get_json()
    market = body["market"]
    assert market["status"] == "known" and market["radius"] == 30
    assert market["source"] == "demo" and market["stale"] is False
    offers = client.get("/api/v1/offers?romes=D1406,D1407&insee=69123&radius=30").get_json()
    assert market["offers"] == {"count": offers["counts"]["offers"], "capped": False}
    assert market["companies"] == {"count": offers["counts"]["companies"], "capped": False}
    assert market["as_of"] is not None and market["place_label"] == "Lyon"


def test_without_codes_or_place_the_market_is_no_search(client):
    body = get(client, caller="parcoursup", insee="69123").get_json()
    assert body["market"]["status"] == "no_search" and body["market"]["offers"] is None
    body = get(client, caller="parcoursup", romes="F1603").get_json()
    assert body["market"]["status"] == "no_search"


def test_unknown_but_well_formed_codes_keep_the_rest_of_the_summary(client):
    body = get(client, caller="parcoursup", cfd="99999999", insee="75056").get_json()
    assert body["market"]["status"] == "unavailable"
    assert "cfd" in body["market"]["errors"]
    assert body["now"]["sentence"] and body["pay"] is not None


@pytest.mark.parametrize("platform", sorted(LIKELY_AGES))
def test_pay_is_the_first_year_minimum_over_the_platforms_likely_ages(client, platform):
    """Each bound recomputed from the rules (D6222-26 band for each age, SMIC of the day)."""
    start = date(2027, 9, 1)
    body = get(client, caller=platform, formation_start=start.isoformat()).get_json()
    pay = body["pay"]
    youngest, oldest = LIKELY_AGES[platform]
    assert pay["ages"] == {"from": youngest, "to": oldest}
    grosses = [minimum_gross(band_for_age(age), 1, start).gross_monthly
               for age in range(youngest, oldest + 1)]
    nets = [net_monthly(g, start, regime_for(start)) for g in grosses]
    assert pay["gross_monthly"] == {"min": float(min(grosses)), "max": float(max(grosses))}
    assert pay["net_monthly_estimated"] == {"min": float(min(nets)), "max": float(max(nets))}
    bands = [band_for_age(age).label for age in range(youngest, oldest + 1)]
    assert pay["age_bands"] == list(dict.fromkeys(bands))
    assert pay["smic"]["from"] == figures().last_smic_date.isoformat()


def test_parcoursup_range_spans_two_bands_and_affelnet_one():
    start = date(2027, 9, 1)
    parcoursup, affelnet = first_year_range("parcoursup", start), first_year_range("affelnet", start)
    assert parcoursup.gross_min < parcoursup.gross_max and len(parcoursup.bands) == 2
    assert affelnet.single and len(affelnet.bands) == 1
    assert first_year_range("parcoursup", date(2040, 9, 1)) is None   # beyond the figures


@pytest.mark.parametrize("years", [15, 16, 17, 18, 19, 20])
def test_birth_month_for_age_gives_that_age_on_the_day(years):
    from widgets.pay.rules import age
    for on in (date(2027, 9, 1), date(2027, 1, 31), date(2026, 12, 15)):
        assert age(birth_month_for_age(years, on), on) == years


def test_links_open_each_full_widget_prefilled_for_this_wish(client):
    links = get(client, **WISH).get_json()["links"]
    for name, expected in {
            "calendar": {"platform": "parcoursup", "formation_start": "2027-09-01",
                         "romes": "D1406,D1407", "insee": "69123"},
            "pay-simulator": {"formation_start": "2027-09-01"},
            "offer-search": {"romes": "D1406,D1407", "insee": "69123"},
            "guide": {"platform": "parcoursup"}}.items():
        parts = urlsplit(links[name])
        assert parts.scheme == "http" and parts.path == f"/widgets/v1/{name}"
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        assert query["caller"] == "parcoursup"
        assert expected.items() <= query.items(), name
        assert "back" not in query and "host_origin" not in query   # standalone pages
        assert client.get(parts.path + "?" + parts.query).status_code == 200


def test_links_use_the_configured_public_url(tmp_path):
    from bff import create_app
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
                      "CACHE_TYPE": "SimpleCache",
                      "PUBLIC_URL": "https://widgets.example.gouv.fr"})
    links = app.test_client().get(API + "?" + urlencode(WISH),
                                  base_url="http://localhost:8000").get_json()["links"]
    assert links["guide"].startswith("https://widgets.example.gouv.fr/widgets/v1/guide?")


BAD = {
    "platform": "moodle",
    "formation_start": "2027-13-01",
    "romes": "F16O3",
    "rncp": "RNCP",
    "cfd": "12",
    "insee": "7505",
    "postcode": "6900",
    "latitude": "north",
    "longitude": "200",
    "radius": "0",
    "academie": "atlantide",
    "uai": "0751234",
    "cle_ministere_educatif": "<script>",
    "formation_label": "x" * 151,
    "today": "hier",
}


@pytest.mark.parametrize("field, value", sorted(BAD.items()))
def test_each_bad_parameter_is_a_400_naming_it_in_french(client, field, value):
    params = {"caller": "parcoursup", field: value}
    if field == "latitude":
        params["longitude"] = "2.35"
    response = get(client, **params)
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert list(errors) == [field]
    message = errors[field][0]
    assert message and message[0].isupper() and "." in message   # a French sentence
    assert not any(word in message for word in ("Not a valid", "Invalid", "Must be"))


def test_latitude_without_longitude_and_control_characters_are_refused(client):
    assert get(client, caller="parcoursup", latitude="45.7").get_json()["errors"] == {
        "longitude": ["La latitude et la longitude vont ensemble : indiquez les deux."]}
    errors = get(client, caller="parcoursup", formation_label="BTS\x07").get_json()["errors"]
    assert list(errors) == ["formation_label"]


def test_platform_is_required_when_the_caller_has_none(client):
    response = get(client, caller="demo")
    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == ["platform"]
    assert get(client, caller="demo", platform="affelnet").status_code == 200


def test_a_start_date_outside_every_campaign_is_a_400(client):
    response = get(client, caller="parcoursup", formation_start="2031-09-01")
    assert response.status_code == 400
    assert "formation_start" in response.get_json()["errors"]


def test_blank_parameters_mean_not_given(client):
    response = get(client, caller="parcoursup", platform=" ", formation_start="", romes="",
                   insee="", uai="", formation_label="")
    assert response.status_code == 200
    assert response.get_json()["market"]["status"] == "no_search"


NAMES = sorted(set(BAD) | {"caller", "fragment", "back", "q"})
VALUES = st.one_of(st.sampled_from(["", " ", "parcoursup", "affelnet", "2027-09-01", "F1603",
                                    "75056", "69123", "RNCP31114", "50022141", "45.7", "-1e400",
                                    "nan", "0751234J", "01", "%00", "\x00", "é" * 300]),
                   st.text(max_size=40))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(NAMES), VALUES, max_size=8))
def test_any_query_string_gets_the_summary_or_french_errors_never_a_500(client, params):
    params.setdefault("caller", "parcoursup")
    response = client.get(API + "?" + urlencode(params))
    assert response.status_code in (200, 400), (params, response.status_code)
    body = response.get_json()
    if response.status_code == 200:
        assert {"now", "next_deadline", "pay", "market", "outcomes", "links"} <= set(body)
    else:
        assert ("errors" in body and all(isinstance(m, list) for m in body["errors"].values())) \
            or body["errors"].keys() == {"caller"}
