"""The guide in real Chromium: keyboard accordion, search with and without JavaScript,
320 px, and cross-origin embedding through embed.js."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CLE = "088281P01313885594860007038855948600070-67118%23L01"


def guide_url(live_server, **params):
    query = "&".join(f"{k}={v}" for k, v in {"caller": "demo", "platform": "parcoursup", **params}.items())
    return f"{live_server}/widgets/v1/guide?{query}"


def focused(page):
    return page.evaluate("""() => { const e = document.activeElement;
        return { tag: e.tagName, cls: e.className, expanded: e.getAttribute('aria-expanded'),
                 controls: e.getAttribute('aria-controls'), text: e.textContent.trim() }; }""")


def test_keyboard_reaches_and_toggles_the_faq_accordion(page, live_server):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(guide_url(live_server, cle_ministere_educatif=CLE))
    # Open "En savoir plus" with the keyboard: Tab until the disclosure has focus.
    for _ in range(20):
        page.keyboard.press("Tab")
        if focused(page)["tag"] == "SUMMARY":
            break
    assert focused(page)["text"] == "En savoir plus"
    page.keyboard.press("Enter")
    assert page.locator("#guide-more").evaluate("d => d.open")
    for _ in range(80):
        page.keyboard.press("Tab")
        if "fr-accordion__btn" in focused(page)["cls"]:
            break
    first = focused(page)
    assert "fr-accordion__btn" in first["cls"] and first["expanded"] == "false"
    panel = page.locator("#" + first["controls"])
    assert not panel.is_visible()
    page.keyboard.press("Enter")
    assert focused(page)["expanded"] == "true"
    assert panel.is_visible() and "L'apprenti est un salarié" in panel.inner_text()
    page.keyboard.press("Space")
    assert focused(page)["expanded"] == "false"
    assert not panel.is_visible()
    # A closed answer holds no focus stop: the next Tab reaches the next question.
    page.keyboard.press("Tab")
    second = focused(page)
    assert "fr-accordion__btn" in second["cls"] and second["controls"] != first["controls"]
    page.keyboard.press(" ")
    assert focused(page)["expanded"] == "true"
    # Everything open still fits 320 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.page_errors == []
    # A CSP violation would show here (the favicon is no concern of the widget's).
    assert [m.text for m in page.console_messages
            if m.type == "error" and "favicon" not in m.location.get("url", "")] == []


def test_typing_filters_questions_ignoring_accents_and_case(page, live_server):
    url = guide_url(live_server)
    page.goto(url)
    page.click("summary.aw-guide__more-btn")
    items = page.locator(".aw-guide-faq__list > .fr-accordion")
    total = items.count()
    assert total >= 8
    page.fill("#guide-q", "PERIODE d’Essai")
    visible = page.locator(".aw-guide-faq__list > .fr-accordion:visible")
    assert visible.count() == 1
    assert visible.first.get_attribute("id") == "guide-faq-trial_period"
    assert page.locator("[data-search]:visible").count() == 1
    assert page.inner_text("#guide-q-status") == "1 résultat pour « PERIODE d’Essai »."
    page.fill("#guide-q", "employeur")
    count = page.locator(".aw-guide-faq__list > .fr-accordion:visible").count()
    assert 1 < count < total
    everywhere = page.locator("[data-search]:visible").count()
    assert everywhere > count       # facts, employer aid, schemes and steps too
    assert page.inner_text("#guide-q-status") == f"{everywhere} résultats pour « employeur »."
    page.fill("#guide-q", "xyzzy")
    assert page.locator("[data-search]:visible").count() == 0
    assert "Aucun résultat" in page.inner_text("#guide-q-status")
    page.press("#guide-q", "Enter")          # submitting filters in place, no reload
    assert page.url == url
    page.fill("#guide-q", "")
    assert page.locator(".aw-guide-faq__list > .fr-accordion:visible").count() == total
    assert page.page_errors == []


def test_without_javascript_everything_works_natively(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 700})
    page = context.new_page()
    try:
        page.goto(guide_url(live_server))
        assert page.locator(".fr-accordion").count() == 0      # nothing was enhanced
        page.focus("summary.aw-guide__more-btn")
        page.keyboard.press("Enter")
        assert page.locator("#guide-more").evaluate("d => d.open")
        # The search form submits ?q= and the server filters.
        page.fill("#guide-q", "Periode D'ESSAI")
        page.press("#guide-q", "Enter")
        page.wait_for_url("**q=Periode*")
        assert "caller=demo" in page.url and "platform=parcoursup" in page.url
        shown = page.locator("details.aw-guide-faq__item:visible")
        assert shown.count() == 1 and shown.first.get_attribute("id") == "guide-faq-trial_period"
        assert shown.first.evaluate("d => d.open")
        assert "1 résultat pour" in page.inner_text("#guide-q-status")
        # Native disclosure by keyboard.
        with page.expect_navigation():
            page.click("text=Effacer la recherche")
        assert "q=" not in page.url
        # Chromium opens the disclosure holding the #guide-faq target itself.
        if not page.locator("#guide-more").evaluate("d => d.open"):
            page.click("summary.aw-guide__more-btn")
        question = page.locator("#guide-faq-pay summary")
        question.focus()
        page.keyboard.press("Enter")
        assert page.locator("#guide-faq-pay").evaluate("d => d.open")
        assert page.locator("#guide-faq-pay .aw-guide-faq__answer").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()


def test_embedded_cross_origin_the_frame_grows_when_the_disclosure_opens(page, live_server, host_server):
    html = f"""<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Hôte</title>
<script src="{live_server}/static/js/embed.js" defer></script></head><body>
<div id="slot" data-apprentissage-widget="guide" data-caller="demo" data-platform="affelnet"
     data-cle-ministere-educatif="088281P01313885594860007038855948600070-67118#L01"></div>
</body></html>"""
    page.goto(host_server.add("/voeu", html))
    page.wait_for_selector("#slot[data-apprentissage-state=ready]")
    frame_el = page.locator("#slot iframe")
    assert frame_el.get_attribute("title") == "Guide de l'apprentissage"
    page.wait_for_function("document.querySelector('#slot iframe').style.height !== '320px'")
    compact = frame_el.evaluate("f => parseInt(f.style.height)")
    frame = page.frame_locator("#slot iframe")
    assert frame.locator(".aw-guide__fact-title").first.inner_text() == \
        "Un vœu en apprentissage n'est pas une affectation"
    frame.locator("summary.aw-guide__more-btn").click()
    page.wait_for_function(f"parseInt(document.querySelector('#slot iframe').style.height) > {compact + 1000}")
    opened = frame_el.evaluate("f => parseInt(f.style.height)")
    inner = frame.locator("html").evaluate("h => Math.ceil(h.getBoundingClientRect().height)")
    assert abs(opened - inner) <= 2
    # The appointment link reached the frame through the embed contract.
    href = frame.locator("#guide-step-appointment a").get_attribute("href")
    assert href.endswith("referrer=affelnet&cleMinistereEducatif=088281P01313885594860007038855948600070-67118%23L01")
    assert page.page_errors == []
