"""Real Chromium: the widget embedded cross-origin through embed.js, driven by keyboard."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

HOST_PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Plateforme</title>
<script src="{widgets}/static/js/embed.js" defer></script></head>
<body><h1>Mon vœu</h1>
<div id="offers" data-apprentissage-widget="offer-search" data-caller="demo" data-radius="30"></div>
</body></html>"""


def test_search_by_keyboard_read_results_and_show_more(page, live_server, host_server):
    page.set_viewport_size({"width": 320, "height": 900})
    url = host_server.add("/voeu", HOST_PAGE.format(widgets=live_server))
    page.goto(url)
    page.evaluate("""() => { window.events = [];
      for (const name of ['search', 'result-click']) document.getElementById('offers')
        .addEventListener('apprentissage:' + name, e => window.events.push([name, e.detail])); }""")
    frame = page.frame_locator("#offers iframe")
    trade = frame.locator("#offers-trade")
    trade.wait_for()
    assert trade.get_attribute("role") == "combobox"

    with page.expect_response(lambda r: "/api/v1/trades?q=boulangerie%20chocolat" in r.url):
        trade.press_sequentially("boulangerie chocolat", delay=20)
    options = frame.locator("#offers-trade-listbox [role=option]")
    options.first.wait_for()
    assert trade.get_attribute("aria-expanded") == "true"
    frame.locator("#offers-status", has_text=re.compile(r"\d+ suggestions\.")).wait_for()  # announced
    trade.press("ArrowDown")
    trade.press("ArrowDown")
    assert trade.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    trade.press("ArrowUp")
    assert trade.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
    assert options.nth(0).get_attribute("aria-selected") == "true"
    assert options.nth(1).get_attribute("aria-selected") == "false"
    chosen = options.nth(0).text_content()
    trade.press("Enter")
    assert trade.input_value() == chosen
    assert trade.get_attribute("aria-expanded") == "false"
    romes = frame.locator("input[name=romes]").input_value()
    assert romes and all(len(code) == 5 for code in romes.split(","))

    place = frame.locator("#offers-place")
    with page.expect_response(lambda r: "/api/v1/communes?q=lyon" in r.url):
        place.press_sequentially("lyon", delay=20)
    frame.locator("#offers-place-listbox [role=option]").first.wait_for()
    place.press("ArrowDown")
    place.press("Enter")
    assert place.input_value().startswith("Lyon")
    assert frame.locator("input[name=insee]").input_value()
    place.press("Escape")                       # list closed already: Escape clears the field
    assert place.input_value() == "" and frame.locator("input[name=insee]").input_value() == ""
    with page.expect_response(lambda r: "/api/v1/communes?q=lyon" in r.url):
        place.press_sequentially("lyon", delay=20)
    frame.locator("#offers-place-listbox [role=option]").first.wait_for()
    place.press("ArrowDown")
    place.press("Enter")
    place.press("Enter")                        # list closed: Enter submits the form

    counts = frame.locator("#offers-counts")
    counts.wait_for()
    assert "de Lyon" in counts.text_content()
    assert frame.locator("[data-state=demo]").is_visible()
    page.wait_for_function("window.events.length > 0")
    name, detail = page.evaluate("window.events[0]")
    assert name == "search" and detail["romes"] == romes.split(",") and detail["radius"] == 30
    assert set(detail) - {"widget"} == {"romes", "radius", "offers", "companies", "source"}

    offers = frame.locator("[data-list=offers] > li")
    before = offers.count()
    assert before == 10
    first_title = offers.first.locator("a").text_content()
    assert first_title.strip()
    frame.locator("a[data-more]").click()
    frame.locator("#offer-11").wait_for()
    assert offers.count() > before
    focused = frame.locator("body").evaluate("b => document.activeElement.dataset.position")
    assert focused == "11"                      # focus moved to the first new result

    # A result opens in a new tab, without opener, and tells the host (no personal data).
    with page.context.expect_page() as popup:
        offers.first.locator("a").click()
    popup.value.close()
    page.wait_for_function("window.events.some(e => e[0] === 'result-click')")
    click = [d for n, d in page.evaluate("window.events") if n == "result-click"][0]
    assert click["kind"] == "offer" and click["position"] == 1 and click["id"]

    width = frame.locator("body").evaluate(
        "b => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert width <= 0                           # no horizontal scrolling at 320 px
    height = page.locator("#offers iframe").evaluate("f => f.getBoundingClientRect().height")
    assert height > 600                         # the frame followed its content
    assert page.page_errors == []
    assert not [m.location["url"] for m in page.console_messages
                if m.type == "error" and not m.location["url"].endswith("/favicon.ico")]
