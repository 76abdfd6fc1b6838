"""axe-core in real Chromium on what a platform developer opens (/integration,
/api/v1/docs) at 375 px, and the iframe-only snippet on a host page with a strict CSP."""
from __future__ import annotations

import pytest
import requests
from axe_playwright_python.sync_playwright import Axe

from integration_kit_helpers import strict_csp

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}


@pytest.mark.parametrize("path", ["/integration", "/api/v1/docs"])
def test_axe_finds_no_violation_at_375_px(page, bff_url, path):
    page.set_viewport_size(PHONE)
    page.goto(bff_url + path)
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    focusable = Axe().run(page, options={"runOnly": {"type": "rule",
                                                     "values": ["scrollable-region-focusable"]}})
    assert focusable.violations_count == 0


def test_the_events_table_scrolls_inside_its_region_not_the_page(page, bff_url):
    page.set_viewport_size(PHONE)
    page.goto(bff_url + "/integration")
    region = page.locator(".fr-table.ik-scroll")
    sizes = region.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert sizes[0] > sizes[1], "at 375 px the table is wider than its region"
    assert page.evaluate("() => document.documentElement.scrollWidth "
                         "<= document.documentElement.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Scrolls by keyboard (smoothly: wait for the animation to move it).
    page.wait_for_function("() => document.querySelector('.fr-table.ik-scroll').scrollLeft > 0",
                           timeout=5000)


def test_iframe_only_snippet_has_no_border_under_a_strict_host_csp(page, bff_url, host_server):
    snippet = requests.get(bff_url + "/integration/snippet.json",
                           params={"widget": "wish-summary", "caller": "demo",
                                   "platform": "parcoursup"}, timeout=10).json()["iframe"]
    url = host_server.add("/iframe-seule", f"""<!doctype html><html lang="fr"><head>
<meta charset="utf-8"><title>Hôte sans script</title></head><body><main>{snippet}</main></body></html>""",
                          {"Content-Security-Policy": strict_csp(bff_url)})
    page.set_viewport_size(PHONE)
    page.goto(url)
    frame = page.locator("iframe.apprentissage-widget-frame")
    frame.wait_for()
    # Chromium draws a 2 px inset border round a bare iframe; frameborder="0" takes it to 0
    # with no style attribute (style-src 'none' here would drop one).
    style = frame.evaluate("f => { const s = getComputedStyle(f); "
                           "return [s.borderTopWidth, s.borderLeftWidth, f.height]; }")
    assert style == ["0px", "0px", "420"]
    bare = page.evaluate("() => { const f = document.createElement('iframe'); "
                         "document.body.appendChild(f); return getComputedStyle(f).borderTopWidth; }")
    assert bare == "2px"
