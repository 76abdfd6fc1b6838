"""The widget page without JavaScript: GET form, server-rendered results (demo data)."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from offers_fakes import make_app

PAGE = "/widgets/v1/offer-search?caller=demo"


class Page(HTMLParser):
    """Elements by id, inputs by name, links, and anything forbidden by our CSP."""

    def __init__(self, html):
        super().__init__()
        self.by_id, self.inputs, self.links, self.inline = {}, {}, [], []
        self.scripts_inline = 0
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.by_id[attrs["id"]] = (tag, attrs)
        if tag in ("input", "select") and "name" in attrs:
            self.inputs[attrs["name"]] = attrs
        if tag == "a":
            self.links.append(attrs)
        if "style" in attrs or any(name.startswith("on") for name in attrs):
            self.inline.append((tag, attrs))
        if tag == "script":
            self._in_script = "src" not in attrs

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.scripts_inline += 1

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


@pytest.fixture
def client(tmp_path):
    return make_app(None, tmp_path).test_client()


def get(client, query=""):
    response = client.get(PAGE + ("&" + query if query else ""))
    return response, response.get_data(as_text=True)


def test_host_codes_prefill_the_fields_and_show_results(client):
    response, html = get(client, "romes=D1102&insee=69123&radius=30")
    assert response.status_code == 200
    page = Page(html)
    assert page.inputs["trade"]["value"] == "Boulanger / Boulangère"
    assert page.inputs["place"]["value"].startswith("Lyon")
    assert page.inputs["romes"]["value"] == "D1102" and page.inputs["insee"]["value"] == "69123"
    assert re.search(r"\d+ offres? et \d+ entreprises? à moins de 30 km de Lyon, pour Boulanger", html)
    assert 'data-state="demo"' in html and "Offres de démonstration" in html
    results = [a for a in page.links if a.get("data-result")]
    assert results and all(a["target"] == "_blank" and a["rel"] == "noopener noreferrer"
                           for a in results)
    assert {a["data-result"] for a in results} == {"offer", "company"}


def test_page_is_csp_clean(client):
    response, html = get(client, "romes=D1102&insee=69123")
    page = Page(html)
    assert page.inline == [] and page.scripts_inline == 0
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "http://localhost:*" in csp.split("frame-ancestors")[1]
    assert "Set-Cookie" not in response.headers


def test_typed_text_is_looked_up_without_javascript(client):
    # The candidate replaced the host's trade and place by typing, then submitted.
    _, html = get(client, "romes=F1603&insee=75056&trade=boulanger&place=Lyon&radius=30")
    page = Page(html)
    assert "Boulang" in page.inputs["trade"]["value"]
    assert "D1102" in page.inputs["romes"]["value"]
    assert page.inputs["insee"]["value"] == "69123"
    assert "de Lyon" in html


def test_unknown_text_is_explained_next_to_the_field(client):
    response, html = get(client, "trade=zzqqxx&place=qqzzxx&radius=30")
    assert response.status_code == 200
    page = Page(html)
    for field, message in (("trade", "Aucun métier ni diplôme ne correspond à «\u202fzzqqxx\u202f»"),
                           ("place", "Aucune commune ne correspond à « qqzzxx »")):
        attrs = page.inputs[field]
        assert attrs["aria-invalid"] == "true"
        assert f"offers-{field}-messages" in attrs["aria-describedby"].split()
        assert message in html
    assert 'class="aw-result"' not in html


def test_schema_errors_show_in_french_next_to_the_field(client):
    _, html = get(client, "romes=D1102&insee=69123&radius=500")
    page = Page(html)
    assert page.inputs["radius"]["aria-invalid"] == "true"
    assert "Le rayon est compris entre 1 et 200 km." in html


def test_show_more_is_a_plain_link_to_the_next_page(client):
    _, html = get(client, "romes=F1603,D1102&insee=75056&radius=30")
    page = Page(html)
    more = [a for a in page.links if "data-more" in a]
    assert len(more) == 1
    url = urlsplit(more[0]["href"].replace("&amp;", "&"))
    args = parse_qs(url.query)
    assert args["page"] == ["2"] and args["caller"] == ["demo"] and url.fragment == "offer-11"
    shown = html.count('class="aw-result"')
    _, next_html = get(client, url.query)
    assert next_html.count('class="aw-result"') > shown
    assert 'id="offer-11"' in next_html


def test_empty_result_suggests_a_wider_radius(client):
    _, html = get(client, "romes=F1603&latitude=46.2&longitude=2.2&radius=10")
    assert 'data-state="empty"' in html and "Aucune offre ni entreprise à moins de 10 km" in html
    wider = [a for a in Page(html).links if a.get("data-wider")]
    assert wider[0]["data-wider"] == "30"
    assert parse_qs(urlsplit(wider[0]["href"]).query)["radius"] == ["30"]


def test_empty_form_when_the_host_gives_nothing(client):
    response, html = get(client)
    assert response.status_code == 200
    assert 'aria-invalid' not in html and 'id="offers-counts"' not in html


def test_caller_is_required(tmp_path):
    response = make_app(None, tmp_path).test_client().get("/widgets/v1/offer-search")
    assert response.status_code == 400
    assert "caller" in response.get_data(as_text=True)


def test_submitting_empty_fields_asks_for_them(client):
    _, html = get(client, "trade=&place=&radius=30&romes=&insee=")
    page = Page(html)
    assert page.inputs["trade"]["aria-invalid"] == "true" and "Indiquez un métier." in html
    assert page.inputs["place"]["aria-invalid"] == "true" and "Indiquez un lieu." in html


def test_a_host_preset_without_place_waits_for_one(client):
    _, html = get(client, "romes=D1102")
    page = Page(html)
    assert page.inputs["trade"]["value"] == "Boulanger / Boulangère"
    assert "aria-invalid" not in html and 'id="offers-counts"' not in html
