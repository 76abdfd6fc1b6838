"""The wish summary in real Chromium at 375 × 812, embedded by embed.js in the demo
mock-ups (host page on localhost, widgets on 127.0.0.1): its collapsed height, the full
widgets opening in the same frame and the way back, keyboard only, JavaScript off, axe."""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
COLLAPSED_MAX = 420
THREE_SCREENS = 3 * 812
LINES = {"Trouver un employeur": "offer-search", "Tout le calendrier": "calendar",
         "Calculer pour moi": "pay-simulator", "Voir les offres": "offer-search",
         "Contrat, aides, questions fréquentes": "guide"}


def host(live_server: str) -> str:
    return live_server.replace("127.0.0.1", "localhost")


def widget_frames(page, live_server):
    return [f for f in page.frames if f.url.startswith(live_server + "/widgets/")]


def settle(page, live_server, count: int):
    """Every summary loaded, its counts filled in, and each iframe as tall as its content."""
    page.wait_for_function(
        f"() => document.querySelectorAll('iframe').length === {count} && "
        "[...document.querySelectorAll('[data-apprentissage-widget]')]"
        ".every(el => el.dataset.apprentissageState === 'ready')", timeout=30000)
    for frame in widget_frames(page, live_server):
        frame.wait_for_selector('[data-market-status="known"]', timeout=15000)
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => [...document.querySelectorAll('iframe')].every(f => parseInt(f.style.height) > 0)")
    for _ in range(50):
        if all(abs(content_height(f) - iframe_height(page, f)) <= 2
               for f in widget_frames(page, live_server)):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the frames did not take their content's height")


def content_height(frame) -> float:
    return frame.evaluate("() => Math.ceil(document.documentElement.getBoundingClientRect().height)")


def iframe_height(page, frame) -> float:
    return frame.frame_element().bounding_box()["height"]


def open_mockup(page, live_server, path: str, count: int):
    page.set_viewport_size(PHONE)
    page.goto(host(live_server) + path)
    for placeholder in page.locator("[data-apprentissage-widget]").all():
        placeholder.scroll_into_view_if_needed()
    settle(page, live_server, count)
    page.evaluate("() => window.scrollTo(0, 0)")


@pytest.mark.parametrize("path, count", [("/demo/parcoursup", 3), ("/demo/affelnet", 2)])
def test_every_summary_fits_in_420_px_at_375_px(page, live_server, path, count):
    open_mockup(page, live_server, path, count)
    frames = widget_frames(page, live_server)
    assert len(frames) == count
    for frame in frames:
        assert frame.url.startswith(live_server + "/widgets/v1/wish-summary?")
        height = iframe_height(page, frame)
        assert 150 < height <= COLLAPSED_MAX, (frame.url, height)
        assert frame.frame_element().bounding_box()["width"] <= PHONE["width"]
        assert frame.evaluate("() => document.documentElement.scrollWidth "
                              "<= document.documentElement.clientWidth")
        # What the summary is for: the action, the pay, the market, the guide.
        text = frame.inner_text("main")
        assert "Trouver un employeur" in text and "Salaire minimum en 1re année" in text
        assert re.search(r"\d+ offres? · (\d+ entreprises?|aucune entreprise) à moins de 30 km", text)
    assert page.console_messages == [] or all(m.type != "error" for m in page.console_messages)


def test_parcoursup_mockup_with_three_wishes_is_at_most_three_screens(page, live_server):
    open_mockup(page, live_server, "/demo/parcoursup", 3)
    assert page.locator(".pd-badge--app").count() == 3
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height <= THREE_SCREENS, height


def test_each_line_opens_its_widget_in_the_frame_which_grows_then_shrinks_back(page, live_server):
    open_mockup(page, live_server, "/demo/parcoursup", 3)
    frame = widget_frames(page, live_server)[0]
    collapsed = iframe_height(page, frame)
    summary_url = frame.url
    for text, widget in LINES.items():
        frame.get_by_role("link", name=text, exact=True).click()
        frame.wait_for_url(re.compile(rf".*/widgets/v1/{widget}\?.*"))
        back = frame.get_by_role("link", name="Retour au résumé")
        back.wait_for()
        assert back.is_visible()
        # The loader follows the new page: the frame grows to the full widget.
        page.wait_for_function(
            f"() => parseInt(document.querySelector('iframe').style.height) > {collapsed + 150}",
            timeout=10000)
        assert abs(iframe_height(page, frame) - content_height(frame)) <= 2, text
        back.click()
        frame.wait_for_url(re.compile(r".*/widgets/v1/wish-summary\?.*"))
        # ...and shrinks back when the summary returns.
        page.wait_for_function(
            f"() => parseInt(document.querySelector('iframe').style.height) <= {COLLAPSED_MAX}",
            timeout=10000)
        assert abs(iframe_height(page, frame) - collapsed) <= 4, text
        assert frame.url.split("?")[0] == summary_url.split("?")[0]


def test_keyboard_only_reaches_the_action_and_comes_back(page, live_server):
    open_mockup(page, live_server, "/demo/parcoursup", 3)
    frame = widget_frames(page, live_server)[0]

    def focused_text(target):
        return target.evaluate("() => document.activeElement && document.activeElement.textContent.trim()")

    for _ in range(20):
        page.keyboard.press("Tab")
        if focused_text(frame) == "Trouver un employeur":
            break
    else:
        raise AssertionError("Tab never reached « Trouver un employeur »")
    outline = frame.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"                                    # focus is visible
    page.keyboard.press("Enter")
    frame.wait_for_url(re.compile(r".*/widgets/v1/offer-search\?.*"))
    frame.wait_for_selector("text=Retour au résumé")
    for _ in range(5):
        page.keyboard.press("Tab")
        if focused_text(frame) == "← Retour au résumé":
            break
    else:
        raise AssertionError("Tab never reached « Retour au résumé »")
    page.keyboard.press("Enter")
    frame.wait_for_url(re.compile(r".*/widgets/v1/wish-summary\?.*"))
    frame.wait_for_selector("text=Trouver un employeur")


def test_without_javascript_every_line_is_a_plain_link_and_back_works(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(host(live_server) + "/demo/parcoursup")
        # No loader: each wish keeps its link to the summary.
        fallback = page.get_by_role("link", name="Voir l'essentiel de ce vœu en apprentissage")
        assert fallback.count() == 3
        fallback.first.click()
        page.wait_for_url(re.compile(r".*/widgets/v1/wish-summary\?.*"))
        market = page.locator("#ws-market")
        assert market.get_attribute("data-market-status") == "pending"   # nothing fills it
        assert market.get_by_role("link", name="Voir les offres").is_visible()
        for text, widget in LINES.items():
            page.get_by_role("link", name=text, exact=True).click()
            page.wait_for_url(re.compile(rf".*/widgets/v1/{widget}\?.*"))
            page.get_by_role("link", name="Retour au résumé").click()
            page.wait_for_url(re.compile(r".*/widgets/v1/wish-summary\?.*"))
        assert page.locator("main").inner_text().count("Salaire minimum") == 1
    finally:
        context.close()


def test_the_pay_simulator_opened_from_the_summary_keeps_the_way_back_after_submitting(
        browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(live_server + "/widgets/v1/wish-summary?caller=parcoursup&platform=parcoursup"
                  "&formation_start=2027-09-01&romes=M1805&insee=75056")
        page.get_by_role("link", name="Calculer pour moi").click()
        page.fill("#birth_month", "2009-03")
        page.get_by_role("button", name=re.compile("Calculer")).click()
        page.wait_for_url(re.compile(r".*birth_month=2009-03.*"))
        page.get_by_role("link", name="Retour au résumé").click()
        page.wait_for_url(re.compile(r".*/widgets/v1/wish-summary\?.*romes=M1805.*"))
    finally:
        context.close()


def test_market_counts_are_filled_in_by_script_when_they_were_not_known(page, live_server):
    page.set_viewport_size(PHONE)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server + "/widgets/v1/wish-summary?caller=parcoursup&platform=parcoursup"
              "&romes=F1603&insee=75056")
    page.wait_for_selector('[data-market-status="known"]', timeout=15000)
    text = page.inner_text("#ws-market")
    assert re.search(r"\d+ offres? · .* à moins de 30 km\.", text) and "Voir les offres" in text
    assert any("fragment=market" in url for url in requests)
    assert page.page_errors == []


@pytest.mark.parametrize("width", [375, 1280])
def test_axe_finds_no_violation_in_the_summary_or_the_widgets_it_opens(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 812})
    page.goto(live_server + "/widgets/v1/wish-summary?caller=parcoursup&platform=parcoursup"
              "&formation_start=2027-09-01&romes=M1805&insee=75056&formation_label=BTS%20SIO")
    page.wait_for_selector('[data-market-status="known"]', timeout=15000)
    axe = Axe()
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("link", name="Tout le calendrier").click()
    page.wait_for_selector("text=Retour au résumé")
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", ["/demo/parcoursup", "/demo/affelnet", "/demo/"])
def test_axe_region_and_landmark_unique_hold_on_the_demo_pages(page, live_server, path):
    page.set_viewport_size(PHONE)
    page.goto(host(live_server) + path)
    results = Axe().run(page, options={"runOnly": {"type": "rule", "values": [
        "region", "landmark-unique", "landmark-one-main", "landmark-no-duplicate-banner"]}})
    assert results.violations_count == 0, results.generate_report()


def test_the_frame_also_shrinks_when_content_closes_within_a_page(page, live_server):
    """frame.js's ResizeObserver reports every change of the content's height, down as well
    as up: "En savoir plus" of the guide opened, then closed, in the summary's frame."""
    open_mockup(page, live_server, "/demo/parcoursup", 3)
    frame = widget_frames(page, live_server)[0]
    frame.get_by_role("link", name="Contrat, aides, questions fréquentes").click()
    more = frame.locator("#guide-more > summary")
    more.wait_for()
    page.wait_for_timeout(300)
    closed = iframe_height(page, frame)
    more.click()
    page.wait_for_function(
        f"() => parseInt(document.querySelector('iframe').style.height) > {closed + 200}")
    more.click()
    page.wait_for_function(
        f"() => Math.abs(parseInt(document.querySelector('iframe').style.height) - {closed}) <= 2")
