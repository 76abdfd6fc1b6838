"""What a platform developer meets at /integration: how an origin gets allowed (before the
snippet), the iframe-only snippet (no border, the widget's height, the public URL), and the
scrolling tables as focusable regions."""
from __future__ import annotations

import re
from html import unescape

import pytest

from bff import create_app
from widgets.registry import WIDGETS


def configurator(client, **params) -> str:
    response = client.get("/integration", query_string=params)
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def test_how_an_origin_gets_allowed_comes_before_the_snippet(client):
    page = configurator(client)
    allow, code = page.index('id="ik-autoriser"'), page.index('id="ik-code-title"')
    assert allow < code
    explanation = page[allow:code]
    assert "Partenaires" in explanation and 'href="/admin/partenaires"' in explanation
    assert "éditeur" in explanation and "origine" in explanation
    assert client.get("/admin/partenaires").status_code in (302, 401, 403)   # the admin's own page


@pytest.mark.parametrize("widget", sorted(WIDGETS))
def test_iframe_snippet_has_no_border_no_inline_style_and_the_widgets_height(client, widget):
    snippet = client.get("/integration/snippet.json",
                         query_string={"widget": widget, "caller": "demo"}).get_json()
    iframe = snippet["iframe"]
    assert 'frameborder="0"' in iframe and 'class="apprentissage-widget-frame"' in iframe
    assert "style=" not in iframe
    assert f'height="{WIDGETS[widget].frame_height}"' in iframe
    assert snippet["frame_height"] == WIDGETS[widget].frame_height
    page = configurator(client, widget=widget)
    assert f'<span id="ik-iframe-height">{WIDGETS[widget].frame_height}</span>' in page
    assert "seule la version avec script suit la hauteur du contenu" in page


def test_the_wish_summary_frame_starts_at_its_collapsed_height(client):
    assert WIDGETS["wish-summary"].frame_height == 420
    published = client.get("/integration/embed.json").get_json()
    assert published["widgets"]["wish-summary"]["frame_height"] == 420


def test_snippets_use_the_configured_public_url_not_the_browsed_address(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}",
                      "CACHE_TYPE": "SimpleCache",
                      "PUBLIC_URL": "https://widgets.example.gouv.fr"})
    client = app.test_client()
    page = unescape(client.get("/integration", base_url="http://localhost:8000")
                    .get_data(as_text=True))
    assert "localhost:8000" not in page
    assert 'src="https://widgets.example.gouv.fr/widgets/v1/pay-simulator?caller=demo' in page
    assert 'src="https://widgets.example.gouv.fr/static/js/embed.js?v=' in page
    assert 'id="ik-base"' not in page                     # configured: no development notice
    snippet = client.get("/integration/snippet.json?widget=guide",
                         base_url="http://localhost:8000").get_json()
    assert snippet["iframe"].startswith('<iframe src="https://widgets.example.gouv.fr/widgets/v1/guide')


def test_without_public_url_the_page_says_it_uses_the_browsed_address(client):
    page = configurator(client)
    notice = re.search(r'<div [^>]*id="ik-base".*?</div>', page, re.S).group(0)
    assert "PUBLIC_URL" in notice and "http://localhost" in notice
    assert "En production" in notice and "obligatoire" in notice


def test_events_table_and_event_log_scroll_in_their_own_focusable_regions(client):
    page = configurator(client)
    for found in (re.search(r'<div class="fr-table ik-scroll"[^>]*>', page).group(0),
                  re.search(r'<div class="ik-events"[^>]*>', page).group(0)):
        assert 'tabindex="0"' in found and 'role="region"' in found
        assert re.search(r'aria-label(ledby)?="[^"]+"', found)


def test_api_docs_tables_are_focusable_regions_with_unique_names(client):
    page = client.get("/api/v1/docs").get_data(as_text=True)
    wrappers = re.findall(r'<div class="fr-table[^"]*"[^>]*>', page)
    assert wrappers and all('tabindex="0"' in w and 'role="region"' in w for w in wrappers)
    names = [re.search(r'aria-label="([^"]+)"', w).group(1) for w in wrappers]
    assert len(names) == len(set(names))
    assert "wish-summary" in page and "WishSummary" in page
