"""The embed contract v1 as files and headers: the loader's size and attribute lists, the
written contract, theming, CORS, the configurator, embed.json and the demo pages."""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from bff.integration.contract import COMMON, EVENTS, WIDGET_ATTRIBUTES, attributes
from bff.integration.theming import acceptable_primary, contrast_with_white, theme_stylesheet
from widgets.registry import WIDGETS

ROOT = Path(__file__).resolve().parents[2]
EMBED = (ROOT / "static" / "js" / "embed.js").read_text(encoding="utf-8")
CONTRACT = (ROOT / "docs" / "embed-contract-v1.md").read_text(encoding="utf-8")
EMBED_BUDGET = 3 * 1024


def test_embed_loader_stays_under_3_kb_on_the_wire(client):
    # What a browser receives (every current browser accepts brotli over HTTPS): the
    # precompressed copy served by the app, not a size computed on the side (issue 18).
    served = client.get("/static/js/embed.js", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert served.headers["Content-Encoding"] == "br"
    size = len(served.data)
    gzipped = len(gzip.compress(EMBED.encode(), compresslevel=9))
    print(f"embed.js: {len(EMBED.encode())} bytes, {size} bytes as sent (br), {gzipped} gzip -9")
    assert size < EMBED_BUDGET
    assert gzipped < EMBED_BUDGET * 1.1     # a gzip-only client still gets under 3.4 KB


def test_loader_knows_exactly_the_contract_attributes():
    def dataset(name):
        return re.sub(r"-([a-z])", lambda m: m.group(1).upper(), name)
    common = re.search(r'var COMMON = " ([^"]+)"', EMBED).group(1).split()
    assert common == [dataset(a.name) for a in COMMON]
    for widget, attrs in WIDGET_ATTRIBUTES.items():
        listed = re.search(rf'"{widget}": \[[^\]]*?"([a-zA-Z0-9 ]+)"\]', EMBED, re.S).group(1).split()
        assert listed == [dataset(a.name) for a in attrs], widget
    assert set(WIDGET_ATTRIBUTES) == set(WIDGETS)


def test_loader_table_is_generated_from_the_widget_registry():
    """static/js/embed.js is written by tools/build_embed.py: in step with the registry,
    and a widget added to the registry without rebuilding fails here."""
    import dataclasses

    from bff.integration import embed_table
    from widgets import registry
    assert embed_table.with_table(EMBED) == EMBED, "run python tools/build_embed.py"
    extra = dataclasses.replace(registry.WIDGETS["guide"], name="new-widget")
    original = dict(registry.WIDGETS)
    registry.WIDGETS["new-widget"] = extra
    try:
        assert '"new-widget"' in embed_table.with_table(EMBED)
        assert embed_table.with_table(EMBED) != EMBED
    finally:
        registry.WIDGETS.clear()
        registry.WIDGETS.update(original)


def test_written_contract_documents_every_attribute_and_event():
    for widget in WIDGETS:
        assert f"`{widget}`" in CONTRACT
        for attribute in attributes(widget):
            assert f"`data-{attribute.name}`" in CONTRACT, attribute.name
    for event in EVENTS:
        assert f"`apprentissage:{event.name}`" in CONTRACT
        row = next(line for line in CONTRACT.splitlines()
                   if line.startswith(f"| `apprentissage:{event.name}`"))
        for key in event.detail:
            assert key in row, (event.name, key)


def test_widget_pages_accept_every_contract_attribute_the_loader_sends(client):
    """Each attribute reaches the page as the parameter its schema reads (no silent drop)."""
    from bff.offers import routes as offers
    from widgets.calendar.params import CalendarQuery
    from widgets.guide.params import GuideQuery
    from widgets.pay import page as pay
    from widgets.insertion.schema import InsertionQuery
    from widgets.wish_summary.params import WishSummaryQuery
    read = {"pay-simulator": set(pay.FIELDS) | {"formation_start"},
            "calendar": set(CalendarQuery().fields),
            "offer-search": set(offers.QUERY.fields),
            "guide": set(GuideQuery().fields),
            "insertion": set(InsertionQuery().fields),
            "wish-summary": set(WishSummaryQuery().fields)}
    for widget, attrs in WIDGET_ATTRIBUTES.items():
        missing = {a.param for a in attrs} - read[widget]
        assert not missing, (widget, missing)


@pytest.mark.parametrize("colour, ratio", [
    ("#000091", 14.91), ("#ffffff", 1.0), ("#ffff00", 1.07), ("#767676", 4.54)])
def test_contrast_with_white_follows_wcag(colour, ratio):
    assert contrast_with_white(colour) == pytest.approx(ratio, abs=0.01)


def test_primary_colour_needs_aa_contrast():
    assert acceptable_primary("#767676") == "#767676"
    assert acceptable_primary("#777777") is None           # 4.48:1
    assert acceptable_primary("#6A1B9A") == "#6a1b9a"
    assert acceptable_primary("red") is None and acceptable_primary(None) is None
    css = theme_stylesheet("#6a1b9a")
    assert ":root:not([data-fr-theme=dark])" in css and "--blue-france-sun-113-625: #6a1b9a" in css


def test_widget_page_gets_its_scheme_and_colour_stylesheet(client):
    page = client.get("/widgets/v1/calendar?caller=demo&platform=affelnet&theme=dark"
                      "&primary_color=%236a1b9a")
    html = page.get_data(as_text=True)
    assert 'data-fr-scheme="dark" data-fr-theme="dark"' in html
    assert '<meta name="color-scheme" content="dark">' in html
    href = re.search(r'href="(/widgets/v1/theme\.css\?primary=[^"]+)"', html).group(1)
    sheet = client.get(href)
    assert sheet.mimetype == "text/css" and "#6a1b9a" in sheet.get_data(as_text=True)
    assert "immutable" in sheet.headers["Cache-Control"]
    refused = client.get("/widgets/v1/calendar?caller=demo&platform=affelnet&primary_color=%23ffff00")
    assert "theme.css" not in refused.get_data(as_text=True)
    assert client.get("/widgets/v1/theme.css?primary=%23ffff00").status_code == 404


@pytest.mark.parametrize("widget", list(WIDGETS))
def test_widget_pages_send_the_strict_csp(client, widget):
    response = client.get(f"/widgets/v1/{widget}?caller=parcoursup")
    csp = response.headers["Content-Security-Policy"]
    assert response.status_code == 200
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "frame-ancestors 'self' https://dossierappel.parcoursup.fr" in csp
    html = response.get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)


@pytest.mark.parametrize("origin, allowed", [
    ("http://localhost:8123", True), ("http://127.0.0.1:9", True),
    ("https://dossierappel.parcoursup.fr", True), ("https://evil.example", False),
    ("https://dossierappel.parcoursup.fr.evil.example", False), ("null", False)])
def test_api_cors_echoes_only_registered_origins(client, origin, allowed):
    response = client.get("/api/v1/ping", headers={"Origin": origin})
    assert response.headers.get("Access-Control-Allow-Origin") == (origin if allowed else None)
    assert "Origin" in response.headers["Vary"]


def test_cors_of_one_caller_is_its_own_list(client):
    response = client.get("/api/v1/ping?caller=affelnet",
                          headers={"Origin": "https://dossierappel.parcoursup.fr"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_configurator_shows_snippets_with_the_sri_hash(client, app):
    from bff.assets import sri
    with app.test_request_context():
        integrity = sri("js/embed.js")
    response = client.get("/integration?widget=offer-search&caller=affelnet&romes=F1603"
                          "&primary-color=%23ffff00&foo=1")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert html.count(integrity) >= 2
    assert "data-apprentissage-widget=&#34;offer-search&#34; data-caller=&#34;affelnet&#34; data-romes=&#34;F1603&#34;" in html
    assert "ffff00&#34;" not in html                          # refused colour left out
    assert "<script" not in re.sub(r"<script src=[^>]+></script>", "", html.split("<body>")[1])
    assert " style=" not in html


def test_snippet_and_embed_json(client, app):
    from bff.assets import sri
    data = client.get("/integration/snippet.json?widget=guide&caller=demo&platform=affelnet"
                      "&theme=system&q=ignored").get_json()
    assert data["attributes"] == {"caller": "demo", "theme": "system", "platform": "affelnet"}
    assert 'data-platform="affelnet"' in data["script"]
    assert 'integrity="sha384-' in data["script"]
    assert data["iframe"].startswith('<iframe src="http://localhost/widgets/v1/guide?caller=demo')
    assert client.get("/integration/snippet.json?widget=nope").status_code == 400
    published = client.get("/integration/embed.json").get_json()
    with app.test_request_context():
        assert published["embed"]["integrity"] == sri("js/embed.js")
    assert re.match(r"^http://localhost/static/js/embed\.js\?v=[0-9a-f]{12}$", published["embed"]["url"])
    assert client.get(published["embed"]["url"]).headers["Cache-Control"].endswith("immutable")
    assert set(published["widgets"]) == set(WIDGETS)
    assert "apprentissage:result-click" in published["events"]


@pytest.mark.parametrize("path, platform, caller", [
    ("/demo/parcoursup", "Parcoursup", "parcoursup"), ("/demo/affelnet", "Affelnet", "affelnet")])
def test_demo_platform_pages_are_labelled_mockups_embedding_from_another_origin(
        client, path, platform, caller):
    response = client.get(path, base_url="http://localhost:5000")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Maquette" in html and f"Ce n'est pas" in html.replace("&#39;", "'")
    assert 'src="http://127.0.0.1:5000/static/js/embed.js?v=' in html
    assert f'data-caller="{caller}"' in html
    # Each apprenticeship wish shows a wish summary; the full widgets open inside it.
    assert set(re.findall(r'data-apprentissage-widget="([a-z-]+)"', html)) == {"wish-summary"}
    index = client.get("/demo/", base_url="http://localhost:5000").get_data(as_text=True)
    assert set(re.findall(r'data-apprentissage-widget="([a-z-]+)"', index)) == set(WIDGETS)
    assert "frame-src http://127.0.0.1:5000" in response.headers["Content-Security-Policy"]
    for attrs in re.findall(r'<div data-apprentissage-widget="([a-z-]+)"([^>]*)>', html):
        widget, rest = attrs
        names = re.findall(r'data-([a-z-]+)=', rest)
        known = {a.name for a in attributes(widget)}
        assert set(names) <= known, (widget, names)


def test_the_integration_doc_publishes_the_current_loader_url_and_sri_hash(app):
    from bff.assets import asset_url, sri
    doc = (ROOT / "docs" / "integration.md").read_text(encoding="utf-8")
    with app.test_request_context():
        url, integrity = asset_url("js/embed.js"), sri("js/embed.js")
    assert f"`{url}`" in doc, "update the loader URL in docs/integration.md (SRI section)"
    assert f'integrity="{integrity}"' in doc, "update the SRI hash in docs/integration.md"


def test_a_cached_answer_never_carries_another_origins_cors_header(client):
    path = "/api/v1/trades?q=plomb"                      # public, micro-cached per URL
    first = client.get(path, headers={"Origin": "http://localhost:5000"})
    assert first.headers["Access-Control-Allow-Origin"] == "http://localhost:5000"
    second = client.get(path, headers={"Origin": "https://evil.example"})
    assert second.status_code == 200 and "Access-Control-Allow-Origin" not in second.headers
    third = client.get(path)
    assert "Access-Control-Allow-Origin" not in third.headers
