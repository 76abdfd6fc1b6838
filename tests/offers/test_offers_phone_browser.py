"""Real Chromium at 375 px, keyboard only, the widget embedded cross-origin: a two-word
trade and a misspelled one picked from the suggestions, the search answered visibly
(focus on the heading that states the counts), "show more" marked, no dead end."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

HOST_PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Plateforme</title>
<script src="{widgets}/static/js/embed.js" defer></script></head>
<body><h1>Mon vœu</h1><p>Une description du vœu.</p>
<div id="offers" data-apprentissage-widget="offer-search" data-caller="demo"></div>
</body></html>"""

HEADING = re.compile(r"^\d+ offres? et \d+ entreprises? à moins de 30 km de Lyon, pour (.+)$")
SMALLEST_TEXT = """() => {
  const sizes = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest(".fr-sr-only, [hidden]") || !el.getClientRects().length) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (own) sizes.push([parseFloat(getComputedStyle(el).fontSize), el.className || el.tagName]);
  }
  sizes.sort((a, b) => a[0] - b[0]);
  return sizes[0];
}"""


def pick(frame, page, field, typed, expected_first):
    """Type into a combobox, wait for the suggestions, take the first by keyboard."""
    box = frame.locator(f"#offers-{field}")
    box.fill("")
    with page.expect_response(lambda r: "/api/v1/" in r.url and "q=" in r.url):
        box.press_sequentially(typed, delay=15)
    options = frame.locator(f"#offers-{field}-listbox [role=option]")
    options.first.wait_for()
    page.wait_for_timeout(300)   # the last keystroke's answer replaced the list
    assert options.first.text_content().startswith(expected_first)
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    box.press("Enter")
    assert box.input_value() == expected_first
    return box


def test_phone_search_by_keyboard(page, live_server, host_server):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(host_server.add("/voeu-telephone", HOST_PAGE.format(widgets=live_server)))
    frame = page.frame_locator("#offers iframe")
    frame.locator("#offers-trade").wait_for()

    # A two-word trade, then a misspelled one: each found and picked by keyboard.
    pick(frame, page, "trade", "mecanicien auto", "Mécanicien / Mécanicienne automobile")
    assert frame.locator("input[name=romes]").input_value() == "I1604"
    trade = pick(frame, page, "trade", "coifeuse", "Coiffeur / Coiffeuse")
    assert frame.locator("input[name=romes]").input_value() == "D1202"
    place = pick(frame, page, "place", "lyon", "Lyon")
    assert frame.locator("input[name=insee]").input_value() == "69123"

    # Search: focus moves to the results heading, which states the counts in words.
    place.press("Enter")
    heading = frame.locator("#offers-counts")
    heading.wait_for()
    focused = frame.locator(":focus")
    assert focused.get_attribute("id") == "offers-counts"
    text = heading.text_content().strip()
    match = HEADING.match(text)
    assert match and match.group(1) == "Coiffeur / Coiffeuse", text
    assert "(s)" not in text
    # The heading is on screen: the host page scrolled to it (it was below the fold).
    page.wait_for_function("""() => {
      const top = document.querySelector('#offers iframe').getBoundingClientRect().top;
      return window.scrollY > 0; }""")
    page.wait_for_timeout(200)
    top = page.evaluate("document.querySelector('#offers iframe').getBoundingClientRect().top")
    top += heading.evaluate("h => h.getBoundingClientRect().top")
    assert -2 <= top < 100, top
    page.screenshot(path="/tmp/trades-phone-results.png")

    # "Show more": nothing shown moves, a visible marker opens the new results, focus
    # goes to the first new one, the status says how many came.
    companies = frame.locator("[data-list=companies] > li")
    assert companies.count() == 10
    frame.locator("[data-list=companies] > li").first.evaluate("li => { li.dataset.seen = 'yes'; }")
    more = frame.locator("a[data-more]")
    more.focus()
    frame_top = "document.querySelector('#offers iframe').getBoundingClientRect().top"
    was = page.evaluate(frame_top) + more.evaluate("a => a.getBoundingClientRect().top")
    assert 0 <= was < 740
    more.press("Enter")
    frame.locator("#company-11").wait_for()
    page.wait_for_timeout(500)
    assert companies.first.get_attribute("data-seen") == "yes"       # the same node, kept
    new_top = page.evaluate(frame_top)
    new_top += frame.locator("#company-11").evaluate("li => li.getBoundingClientRect().top")
    assert abs(new_top - was) < 40, (was, new_top)   # the new results start where the button was
    assert frame.locator(":focus").get_attribute("data-position") == "11"
    marker = frame.locator("#company-11 .aw-result__new")
    assert marker.is_visible() and marker.text_content().strip() == "Suite de la liste\u202f: à partir du n°\u00a011"
    frame.locator("#offers-status", has_text=re.compile(r"de plus, à partir de la position 11\.")).wait_for()
    assert heading.text_content().strip() == text                   # same search, same counts
    page.screenshot(path="/tmp/trades-phone-more.png")

    # No text under 14 px anywhere in the widget.
    smallest = frame.locator("body").evaluate(SMALLEST_TEXT)
    assert smallest[0] >= 14, smallest

    # Words nothing matches: said under the field with the La bonne alternance search;
    # submitted anyway, the earlier results stay and focus goes back to the field.
    trade.fill("")
    with page.expect_response(lambda r: "/api/v1/trades?q=zzqq" in r.url):
        trade.press_sequentially("zzqq xxyy", delay=15)
    nomatch = frame.locator("#offers-trade-messages .aw-offers__nomatch")
    nomatch.wait_for()
    link = nomatch.locator("a")
    assert "labonnealternance" in link.get_attribute("href") and "q=zzqq+xxyy" in link.get_attribute("href")
    assert link.get_attribute("target") == "_blank"
    trade.press("Enter")
    frame.locator("#offers-trade[aria-invalid=true]").wait_for()
    assert frame.locator(":focus").get_attribute("id") == "offers-trade"
    assert heading.text_content().strip() == text and frame.locator("#company-11").count() == 1
    frame.locator("#offers-status", has_text="zzqq xxyy").wait_for()   # announced
    page.screenshot(path="/tmp/trades-phone-nomatch.png")

    width = frame.locator("body").evaluate(
        "b => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert width <= 0                           # no horizontal scrolling at 375 px
    assert page.page_errors == []
    assert not [m.location["url"] for m in page.console_messages
                if m.type == "error" and not m.location["url"].endswith("/favicon.ico")]


def test_diploma_suggestion_searches_by_its_code(page, live_server):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server}/widgets/v1/offer-search?caller=demo&insee=69123")
    trade = page.locator("#offers-trade")
    with page.expect_response(lambda r: "/api/v1/trades?q=bts%20mco" in r.url):
        trade.press_sequentially("bts mco", delay=15)
    option = page.locator("#offers-trade-listbox [role=option]").first
    option.wait_for()
    assert option.locator(".aw-listbox__hint").text_content() == "Diplôme, niveau 5 (Bac+2)"
    trade.press("ArrowDown")
    trade.press("Enter")
    assert trade.input_value() == "BTS Management commercial opérationnel"
    assert page.locator("input[name=cfd]").input_value() == "32031213"
    assert page.locator("input[name=romes]").input_value() == ""
    trade.press("Enter")
    heading = page.locator("#offers-counts")
    heading.wait_for()
    assert heading.text_content().strip().endswith("pour BTS Management commercial opérationnel")
    assert page.locator(":focus").get_attribute("id") == "offers-counts"
