"""What any client may send to the public routes (issue 17): Host headers, numbers, values
with a trailing newline, unknown callers; and the headers every answer carries.

Served by werkzeug's development server on a real loopback socket where the issue found
the 500 (gunicorn refuses long URLs first; the development server does not)."""
from __future__ import annotations

from urllib.parse import quote

import pytest
import requests

from bff import create_app, settings
from servers import serving

OFFERS_PAGE = "/widgets/v1/offer-search?caller=demo&romes=F1603&insee=75056"
# Every number a widget page or the API reads from a query string.
NUMBER_URLS = [
    OFFERS_PAGE + "&radius={}",
    OFFERS_PAGE + "&page={}",
    OFFERS_PAGE + "&diploma_level={}",
    "/widgets/v1/offer-search?caller=demo&romes=F1603&latitude={0}&longitude={0}",
    "/api/v1/offers?romes=F1603&insee=75056&radius={}",
    "/api/v1/offers?romes=F1603&insee=75056&page={}",
    "/api/v1/offers?romes=F1603&latitude={0}&longitude=2.35",
    "/widgets/v1/pay-simulator?caller=demo&birth_month=2008-05&contract_start=2026-09-01"
    "&duration_months={}",
    "/api/v1/pay-simulation?birth_month=2008-05&contract_start=2026-09-01&starts_in_year={}",
    "/api/v1/pay-simulation?birth_month=2008-05&contract_start=2026-09-01&offered_gross={}",
]
# Thousands of digits (int() refuses them), digits of other scripts (int() takes "٣" and
# str.isdigit() takes "²", which int() refuses), Python-only spellings.
NUMBERS = ["9" * 5000, "²", "٣", "1_0", "3\n", "1e400"]


@pytest.fixture
def dev_server(app):
    with serving(app) as url:
        yield url


def test_no_number_in_a_query_string_yields_a_500_on_the_development_server(dev_server):
    for template in NUMBER_URLS:
        for number in NUMBERS:
            url = dev_server + template.format(quote(number))
            response = requests.get(url, timeout=30)
            assert response.status_code < 500, (template, number[:10], response.status_code)


def test_a_5000_digit_radius_gets_the_form_back_with_a_french_message(dev_server):
    page = requests.get(dev_server + OFFERS_PAGE + "&radius=" + "9" * 5000, timeout=30)
    assert page.status_code == 200
    assert "Nombre entier attendu." in page.text
    api = requests.get(dev_server + "/api/v1/offers?romes=F1603&insee=75056&radius="
                       + "9" * 5000, timeout=30)
    assert api.status_code == 400 and api.json()["errors"] == {
        "radius": ["Nombre entier attendu."]}


def test_other_scripts_digits_are_not_numbers(client):
    # int("٣") is 3: a validator must not say yes to what it did not mean to accept.
    answer = client.get("/api/v1/pay-simulation?birth_month=2008-05&contract_start=2026-09-01"
                        "&duration_months=%D9%A2%D9%A4")
    assert answer.status_code == 400 and "duration_months" in answer.get_json()["errors"]


# -- trailing newlines: "$" matches before a final "\n" ----------------------------------
def test_a_colour_with_a_trailing_newline_is_refused(client):
    assert client.get("/widgets/v1/theme.css?primary=%23000091").status_code == 200
    refused = client.get("/widgets/v1/theme.css?primary=%23000091%0A")
    assert refused.status_code == 404
    assert b"#000091\n;" not in refused.data
    themed = client.get("/widgets/v1/calendar?caller=parcoursup&primary_color=%23000091")
    assert "theme.css?primary=%23000091" in themed.get_data(as_text=True)
    page = client.get("/widgets/v1/calendar?caller=parcoursup&primary_color=%23000091%0A")
    assert page.status_code == 200
    assert "theme.css" not in page.get_data(as_text=True)


def test_a_host_origin_with_a_trailing_newline_is_ignored(client):
    page = "/widgets/v1/calendar?caller=parcoursup&host_origin=http%3A%2F%2Flocalhost%3A8000"
    good = client.get(page).get_data(as_text=True)
    assert 'data-host-origin="http://localhost:8000"' in good
    bad = client.get(page + "%0A").get_data(as_text=True)
    assert "data-host-origin" not in bad and "localhost:8000" not in bad


@pytest.mark.parametrize("url, field", [
    ("/api/v1/offers?rncp=RNCP31114%0A&insee=75056", "rncp"),
    ("/api/v1/offers?romes=F1603%0A&insee=75056", None),
    ("/api/v1/offers?cfd=50022141%0A&insee=75056", "cfd"),
    ("/api/v1/offers?romes=F1603&insee=75056%0A", "insee"),
    ("/api/v1/offers?romes=F1603&postcode=69003%0A", "postcode"),
    ("/api/v1/calendar?platform=parcoursup&campaign=2027%0A", "campaign"),
    ("/api/v1/pay-simulation?birth_month=2008-05%0A&contract_start=2026-09-01", "birth_month"),
])
def test_parameters_with_a_trailing_newline_are_refused(client, url, field):
    response = client.get(url)
    if field is None:
        # romes are split on commas and stripped: the newline is a blank, not a code.
        assert response.status_code != 500
        return
    assert response.status_code == 400, response.get_data(as_text=True)
    assert field in response.get_json()["errors"]


# -- callers ----------------------------------------------------------------------------
def test_an_unknown_caller_on_the_api_is_a_400_that_no_origin_may_read(app, client):
    routes = sorted(rule.rule for rule in app.url_map.iter_rules()
                    if rule.rule.startswith("/api/v1/") and "<" not in rule.rule)
    assert len(routes) >= 6
    for route in routes:
        response = client.get(f"{route}?caller=inconnu",
                              headers={"Origin": "https://www.parcoursup.gouv.fr"})
        assert response.status_code == 400, route
        assert response.get_json()["errors"]["caller"], route
        assert not [h for h in response.headers.keys()
                    if h.lower().startswith("access-control-")], route


# -- Host --------------------------------------------------------------------------------
def test_only_the_service_names_are_answered(client):
    for host in ("evil.example", "localhost.evil.example", "127.0.0.2", "[::1]"):
        for path in ("/widgets/v1/guide?caller=parcoursup", "/api/v1/guide", "/admin/login",
                     "/healthz", "/demo/"):
            response = client.get(path, headers={"Host": host})
            assert response.status_code == 400, (host, path)
            assert response.headers["Cache-Control"] == "no-store"
            assert host not in response.get_data(as_text=True)


def test_the_demo_keeps_its_two_origins_in_development(dev_server):
    port = dev_server.rsplit(":", 1)[1]
    for host in ("localhost", "127.0.0.1"):
        page = requests.get(f"http://{host}:{port}/demo/", timeout=10)
        assert page.status_code == 200
        other = "127.0.0.1" if host == "localhost" else "localhost"
        assert f'src="http://{other}:{port}/static/js/embed.js' in page.text
        widget = requests.get(f"http://{other}:{port}/widgets/v1/guide?caller=demo", timeout=10)
        assert widget.status_code == 200
        assert f'href="http://{other}:{port}/widgets/v1/offer-search?caller=demo"' in widget.text


def test_trusted_hosts_come_from_public_url_and_the_setting(tmp_path):
    def hosts(**config):
        return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'h.db'}",
                           **config}).config["TRUSTED_HOSTS"]

    assert hosts() == ["localhost", "127.0.0.1"]
    assert hosts(PUBLIC_URL="https://widgets.example.fr") == [
        "widgets.example.fr", "localhost", "127.0.0.1"]
    production = hosts(PUBLIC_URL="https://widgets.example.fr", BFF_ENV="production",
                       TRUSTED_HOSTS=("admin.example.fr",))
    assert production == ["admin.example.fr", "widgets.example.fr"]
    parsed = settings.from_environment({"TRUSTED_HOSTS": "Widgets.Example.fr, .example.fr"})
    assert parsed["TRUSTED_HOSTS"] == ("widgets.example.fr", ".example.fr")
    for wrong in ("https://widgets.example.fr", "widgets.example.fr:443", "a b", "x/y"):
        with pytest.raises(settings.SettingsError, match="TRUSTED_HOSTS: expected"):
            settings.from_environment({"TRUSTED_HOSTS": wrong})


def test_absolute_urls_come_from_public_url_whatever_the_host(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
                      "PUBLIC_URL": "https://widgets.example.fr"})
    client = app.test_client()
    for host in ("localhost", "127.0.0.1:5000"):
        guide = client.get("/widgets/v1/guide?caller=demo", headers={"Host": host})
        assert ('href="https://widgets.example.fr/widgets/v1/offer-search?caller=demo"'
                in guide.get_data(as_text=True))
        embed = client.get("/integration/embed.json", headers={"Host": host}).get_json()
        assert embed["embed"]["url"].startswith("https://widgets.example.fr/static/js/embed.js")
        demo = client.get("/demo/", headers={"Host": host}).get_data(as_text=True)
        assert 'src="https://widgets.example.fr/static/js/embed.js' in demo


# -- proxies -----------------------------------------------------------------------------
def test_forwarded_addresses_are_believed_only_from_trusted_proxies(tmp_path):
    from flask import request

    seen = []

    def app_with(count):
        app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
                          "TRUSTED_PROXIES": count})
        app.before_request(lambda: seen.append((request.remote_addr, request.scheme)) and None)
        return app.test_client()

    headers = {"X-Forwarded-For": "203.0.113.9, 198.51.100.7", "X-Forwarded-Proto": "https",
               "X-Forwarded-Host": "evil.example"}
    app_with(0).get("/healthz", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    app_with(1).get("/healthz", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    app_with(2).get("/healthz", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert seen == [("127.0.0.1", "http"), ("198.51.100.7", "https"), ("203.0.113.9", "http")]
