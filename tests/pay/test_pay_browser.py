"""Real Chromium: the widget embedded by embed.js in a host page on another origin, and
the same widget with JavaScript disabled in a plain iframe."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def frame_height(page):
    return page.eval_on_selector("iframe", "f => f.getBoundingClientRect().height")


def test_embedded_widget_updates_in_place_and_the_frame_follows_its_height(page, live_server, host_server):
    host_url = host_server.add("/voeu", f"""<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Vœu</title><script src="{live_server}/static/js/embed.js" defer></script></head>
<body><h1>BTS en apprentissage</h1>
<div data-apprentissage-widget="pay-simulator" data-caller="demo" data-formation-start="2027-09-01"></div>
</body></html>""", {"Content-Security-Policy": f"default-src 'self'; script-src {live_server}; "
                    f"frame-src {live_server}; style-src 'self'"})
    page.goto(host_url)
    page.wait_for_selector('[data-apprentissage-state="ready"]')
    frame = next(f for f in page.frames if "/widgets/v1/pay-simulator" in f.url)
    assert "caller=demo" in frame.url and "formation_start=2027-09-01" in frame.url
    assert frame.input_value("#contract_start") == "2027-09-01"
    # The loader sized the frame to the form (taller than its 320 px start).
    page.wait_for_function("() => document.querySelector('iframe').getBoundingClientRect().height > 400")
    before = frame_height(page)
    frame.evaluate("window.notReloaded = true")

    frame.fill("#birth_month", "2009-03")
    frame.wait_for_selector("[data-pay-summary]")
    summary = frame.inner_text("[data-pay-summary]")
    assert "01/09/2027" in summary and "31/08/2029" in summary
    # 18 at the start (D6222-31): 43 % of 1 867,02 € = 802,82 €.
    assert frame.inner_text("[data-pay-period] [data-pay-gross]").replace("\u202f", " ") == "802,82\u00a0€"
    assert frame.evaluate("window.notReloaded") is True
    assert page.url == host_url                                # nothing in the host URL

    page.wait_for_function(f"() => document.querySelector('iframe').getBoundingClientRect().height > {before + 150}")
    inner = frame.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")
    assert abs(frame_height(page) - inner) <= 2

    frame.fill("#offered_gross", "700")
    frame.wait_for_selector('[data-pay-offer="below"]')
    frame.fill("#offered_gross", "1300")
    frame.wait_for_selector('[data-pay-offer="ok"]')

    # An invalid value, once the field is left, gets its French message next to it.
    frame.fill("#duration_months", "3")
    frame.press("#duration_months", "Tab")
    frame.wait_for_selector("#duration_months[aria-invalid='true']")
    assert "entre 6 et 48" in frame.inner_text("#duration_months-messages")
    assert frame.evaluate("window.notReloaded") is True

    assert page.page_errors == []
    # The only tolerated error is the host page's missing favicon (not ours).
    assert not [m for m in page.console_messages
                if m.type == "error" and "favicon" not in (m.location or {}).get("url", "")]


def test_widget_works_with_javascript_disabled(browser, live_server, host_server):
    src = f"{live_server}/widgets/v1/pay-simulator?caller=demo&formation_start=2027-09-01"
    host_url = host_server.add("/sans-js", f"""<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Sans script</title></head><body>
<iframe src="{src}" title="Simulateur de rémunération de l'apprenti" width="320" height="2400"></iframe>
</body></html>""")
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(host_url)
        frame = page.frame_locator("iframe")
        frame.locator("#birth_month").fill("2009-03")
        frame.locator("#duration_months").fill("3")
        frame.locator("button[type=submit]").click()
        frame.locator("#duration_months[aria-invalid='true']").wait_for()
        assert "entre 6 et 48" in frame.locator("#duration_months-messages").inner_text()
        # 320 px wide, with errors shown and every option open: nothing sticks out.
        widget = next(f for f in page.frames if "/widgets/v1/" in f.url)
        widget.click(".pay-options__summary")
        widget.wait_for_selector("#territory", state="visible")
        assert widget.evaluate("document.documentElement.scrollWidth") <= 320
        # The values typed survive the round trip.
        assert frame.locator("#birth_month").input_value() == "2009-03"
        frame.locator("#duration_months").fill("24")
        frame.locator("button[type=submit]").click()
        frame.locator("[data-pay-summary]").wait_for()
        assert "01/09/2027" in frame.locator("[data-pay-summary]").inner_text()
        assert frame.locator("[data-pay-period]").count() >= 2
        # 320 px wide, with a result: nothing scrolls sideways, not even the table.
        assert widget.evaluate("document.documentElement.scrollWidth") <= 320
        assert widget.evaluate("""[...document.querySelectorAll('.pay-table *')]
            .every(e => e.scrollWidth <= e.clientWidth + 1 || e.clientWidth === 0)""")
        assert page.url == host_url
    finally:
        context.close()


def test_demo_page_embeds_a_working_simulator(page, live_server):
    # The demo host page is served from localhost, the widgets from 127.0.0.1.
    page.goto(live_server.replace("127.0.0.1", "localhost") + "/demo/")
    placeholder = page.locator('[data-apprentissage-widget="pay-simulator"]')
    placeholder.and_(page.locator('[data-apprentissage-state="ready"]')).wait_for()
    frame = next(f for f in page.frames if "/widgets/v1/pay-simulator" in f.url)
    assert frame.url.startswith(live_server)
    frame.fill("#birth_month", "2007-10")
    # Keyboard only: Enter in a field submits; the script answers in place.
    frame.focus("#duration_months")
    frame.fill("#duration_months", "12")
    frame.press("#duration_months", "Enter")
    frame.wait_for_selector("[data-pay-summary]")
    # 19 at the start (born October 2007, D6222-31): 43 % of 1 867,02 € = 802,82 €.
    assert frame.inner_text("[data-pay-period] [data-pay-gross]").replace("\u202f", " ") == "802,82\u00a0€"
    assert frame.locator("[data-pay-period]").count() == 2     # cut on 1 November 2027 (age 20)
    assert page.page_errors == []
