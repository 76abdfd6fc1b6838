"""The search over the whole guide in real Chromium, with JavaScript (filtering as the
candidate types) and without (the form submits ?q= and the server filters), for each
everyday query of issue 16, at 375 px."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

QUERIES = [
    ("logement", {"guide-scheme-mobili_jeune", "guide-scheme-housing_aid", "guide-scheme-rent_guarantee"}),
    ("permis", {"guide-faq-driving_licence"}),
    ("vacances", {"guide-faq-holidays"}),
    ("combien je gagne", {"guide-fact-pay", "guide-faq-pay"}),
    ("salaire", {"guide-fact-pay", "guide-faq-pay"}),
    ("rupture", {"guide-faq-ending_contract"}),
    ("mineur", {"guide-faq-minor_hours"}),
]


def url(live_server, **params):
    query = "&".join(f"{k}={v}" for k, v in {"caller": "demo", "platform": "parcoursup", **params}.items())
    return f"{live_server}/widgets/v1/guide?{query}"


def visible_ids(page):
    return set(page.eval_on_selector_all(
        "[data-search]", "items => items.filter(i => i.offsetParent !== null).map(i => i.id)"))


def test_search_box_is_at_the_top_and_typing_searches_the_whole_guide(page, live_server):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(url(live_server))
    box = page.locator("#guide-q").bounding_box()
    first_fact = page.locator(".aw-guide__facts--compact .aw-guide__fact").first.bounding_box()
    assert box["y"] < first_fact["y"]
    assert not page.locator("#guide-more").evaluate("d => d.open")
    for query, expected in QUERIES:
        page.fill("#guide-q", query)
        shown = visible_ids(page)
        assert expected <= shown, (query, shown)
        assert len(shown) < 25, query
        expected_status = (f"1 résultat pour « {query} »." if len(shown) == 1
                           else f"{len(shown)} résultats pour « {query} ».")
        assert page.inner_text("#guide-q-status") == expected_status
        assert page.locator("#guide-more").evaluate("d => d.open")    # results are shown
    # The same words as the server finds (guide.js applies widgets/guide/search.py's rules).
    page.fill("#guide-q", "")
    assert not page.locator("[data-search][hidden]").count()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.page_errors == []


def test_without_javascript_the_server_finds_the_same_entries(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        for query, expected in QUERIES:
            page.goto(url(live_server))
            page.fill("#guide-q", query)
            with page.expect_navigation():
                page.press("#guide-q", "Enter")
            assert "q=" in page.url
            shown = visible_ids(page)
            assert expected <= shown, (query, shown)
            assert "résultat" in page.inner_text("#guide-q-status")
            assert page.locator("#guide-more").evaluate("d => d.open")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


def test_with_and_without_javascript_agree(browser, live_server):
    """guide.js and the server share the rules: the same query shows the same entries."""
    results = {}
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        try:
            for query, _ in QUERIES + [("employeur", set()), ("periode d'essai", set())]:
                if javascript:
                    page.goto(url(live_server))
                    page.fill("#guide-q", query)
                else:
                    page.goto(url(live_server, q=query.replace(" ", "+").replace("'", "%27")))
                results.setdefault(query, []).append(visible_ids(page))
        finally:
            context.close()
    for query, (with_js, without_js) in results.items():
        assert with_js == without_js, query
