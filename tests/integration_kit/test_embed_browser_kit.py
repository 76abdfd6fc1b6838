"""The embed contract in real Chromium: a platform page on another origin, with a strict
CSP, embeds the widgets through embed.js (URL and SRI hash from /integration/embed.json)."""
from __future__ import annotations

import re

import pytest
import requests

from integration_kit_helpers import (EVENT_RECORDER, console_of, dump, events, host_html,
                                     placeholder, strict_csp, wait_event)

pytestmark = pytest.mark.browser

PRESETS = {
    "pay-simulator": {"formation_start": "2027-09-01"},
    "calendar": {"platform": "parcoursup"},
    "offer-search": {"romes": "F1603", "insee": "75056"},
    "guide": {"platform": "parcoursup"},
}
READY = "[data-apprentissage-state=ready]"


def open_host(page, host_server, bff_url, embed, body, path, **kwargs):
    url = host_server.add(path, host_html(embed, body, **kwargs),
                          {"Content-Security-Policy": strict_csp(bff_url)})
    page.add_init_script(EVENT_RECORDER)
    page.goto(url)
    return url


def frame_height(page, id_):
    return page.eval_on_selector(f"#{id_} iframe", "f => f.getBoundingClientRect().height")


def test_each_widget_embeds_under_a_strict_host_csp_with_no_console_error(
        page, host_server, bff_url, embed):
    body = "".join(placeholder(w, f"w{i}", **PRESETS[w]) for i, w in enumerate(PRESETS))
    open_host(page, host_server, bff_url, embed, body, "/voeux")
    for i, widget in enumerate(PRESETS):
        page.locator(f"#w{i}").scroll_into_view_if_needed()
        page.wait_for_selector(f"#w{i}{READY}", timeout=20000)
        wait_event(page, "resize", f"w{i}")
        assert events(page, "ready", f"w{i}") == [
            {"type": "apprentissage:ready", "id": f"w{i}", "detail": {"widget": widget}}]
        resized = events(page, "resize", f"w{i}")[-1]["detail"]
        assert set(resized) == {"widget", "height"} and resized["widget"] == widget
        assert abs(frame_height(page, f"w{i}") - resized["height"]) < 1
        title = page.get_attribute(f"#w{i} iframe", "title")
        assert title and "apprenti" in title.lower()
    page.wait_for_timeout(300)
    assert console_of(page, "error") == [], dump(page)
    assert console_of(page, "warning") == [], dump(page)
    assert page.page_errors == []


def test_ten_widgets_load_lazily_and_each_resizes(page, host_server, bff_url, embed):
    names = list(PRESETS)
    filler = "<p>Texte de la page hôte.</p>" * 120     # far more than the lazy-load margin
    body = "".join(placeholder(names[i % 4], f"w{i}", **PRESETS[names[i % 4]]) + filler
                   for i in range(10))
    requested = []
    page.on("request", lambda r: "/widgets/v1/" in r.url and requested.append(r.url))
    open_host(page, host_server, bff_url, embed, body, "/dix")
    page.wait_for_selector(f"#w0{READY}", timeout=20000)
    page.wait_for_timeout(500)
    assert 1 <= len(requested) <= 3, requested            # only the frames near the viewport
    for i in range(10):
        page.locator(f"#w{i}").scroll_into_view_if_needed()
        page.wait_for_selector(f"#w{i}{READY}", timeout=20000)
        wait_event(page, "resize", f"w{i}")
        height = events(page, "resize", f"w{i}")[-1]["detail"]["height"]
        assert height != 320 and abs(frame_height(page, f"w{i}") - height) < 1
    assert len(requested) == 10
    assert console_of(page, "error") == [], dump(page)


def test_search_and_result_click_events_carry_their_documented_detail(
        page, host_server, bff_url, embed):
    body = placeholder("offer-search", "offres", **PRESETS["offer-search"])
    open_host(page, host_server, bff_url, embed, body, "/offres")
    page.wait_for_selector(f"#offres{READY}", timeout=20000)
    frame = page.frame_locator("#offres iframe")
    frame.locator("button[type=submit]").first.click()
    wait_event(page, "search", "offres")
    search = events(page, "search", "offres")[0]["detail"]
    assert set(search) == {"widget", "romes", "radius", "offers", "companies", "source"}
    assert search["widget"] == "offer-search" and search["romes"] == ["F1603"]
    assert search["radius"] > 0 and search["offers"] + search["companies"] > 0

    link = frame.locator("a[data-result]").first
    expected_id = link.get_attribute("data-id")
    with page.context.expect_page():
        link.click()
    wait_event(page, "result-click", "offres")
    click = events(page, "result-click", "offres")[0]["detail"]
    assert set(click) == {"widget", "kind", "id", "position", "source"}
    assert click["widget"] == "offer-search" and click["id"] == expected_id
    assert click["kind"] in ("offer", "company") and click["position"] == 1


def test_a_caller_whose_origins_exclude_the_host_is_refused_by_the_browser(
        page, host_server, bff_url, embed):
    headers = requests.get(bff_url + "/widgets/v1/calendar?caller=fermee&platform=parcoursup",
                           timeout=10).headers
    assert "frame-ancestors 'self' https://www.exemple-ferme.fr" in headers["Content-Security-Policy"]
    body = (placeholder("calendar", "refuse", caller="fermee", platform="parcoursup")
            + placeholder("calendar", "accepte", caller="demo", platform="parcoursup"))
    open_host(page, host_server, bff_url, embed, body, "/refus")
    page.wait_for_selector(f"#accepte{READY}", timeout=20000)
    page.wait_for_selector("#refuse[data-apprentissage-state=failed]", timeout=20000)
    assert events(page, "error", "refuse")[0]["detail"] == {"widget": "calendar",
                                                            "code": "not_loaded"}
    assert events(page, "ready", "refuse") == []
    fallback = page.locator("#refuse a")
    assert fallback.get_attribute("href").startswith(bff_url + "/widgets/v1/calendar?caller=fermee")
    assert "host_origin" not in fallback.get_attribute("href")
    assert any("frame-ancestors" in text for text in console_of(page, "error")), dump(page)
    assert console_of(page, "warning") == [
        f'apprentissage-widgets: calendar did not load: is {host_server.url} registered for '
        'data-caller "fermee"?']


def test_theming_bad_colour_and_unknown_attribute_fall_back_with_console_warnings(
        page, host_server, bff_url, embed):
    body = (placeholder("calendar", "jaune", platform="parcoursup", primary_color="#ffff00")
            + placeholder("calendar", "violet", platform="parcoursup", primary_color="#6a1b9a",
                          foo_bar="1")
            + placeholder("calendar", "sombre", platform="parcoursup", theme="dark")
            + placeholder("calendar", "nuit", platform="parcoursup", theme="nuit")
            + '<div id="carte" data-apprentissage-widget="carte" data-caller="demo">repli</div>')
    open_host(page, host_server, bff_url, embed, body, "/theme")
    for id_ in ("jaune", "violet", "sombre", "nuit"):
        page.wait_for_selector(f"#{id_}{READY}", timeout=20000)
    warnings = console_of(page, "warning")
    assert any(re.search(r"data-primary-color #ffff00: contrast 1\.\d\d:1 .*4\.5:1", w)
               for w in warnings), warnings
    assert any("unknown attribute data-foo-bar on calendar" in w for w in warnings), warnings
    assert any("data-theme nuit" in w for w in warnings), warnings
    assert any('unknown widget "carte"' in w for w in warnings), warnings
    assert len(warnings) == 4, warnings
    assert events(page, "error", "carte")[0]["detail"] == {"widget": "carte",
                                                          "code": "unknown_widget"}
    assert page.text_content("#carte") == "repli"              # the host's content stays

    def frame_value(id_, script):
        return page.frame_locator(f"#{id_} iframe").locator("html").evaluate(script)

    primary = "el => getComputedStyle(el).getPropertyValue('--background-action-high-blue-france').trim()"
    assert frame_value("violet", primary) == "#6a1b9a"
    assert frame_value("jaune", primary) == "#000091"           # DSFR blue, the default
    src = {i: page.get_attribute(f"#{i} iframe", "src") for i in ("jaune", "violet", "nuit")}
    assert "primary_color" not in src["jaune"] and "foo_bar" not in src["violet"]
    assert "theme" not in src["nuit"]
    scheme = "el => el.getAttribute('data-fr-theme')"
    assert frame_value("sombre", scheme) == "dark" and frame_value("violet", scheme) == "light"


def test_system_theme_follows_the_readers_setting(browser, host_server, bff_url, embed):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        page.add_init_script(EVENT_RECORDER)
        url = host_server.add("/systeme", host_html(embed, placeholder(
            "guide", "g", platform="affelnet", theme="system")),
            {"Content-Security-Policy": strict_csp(bff_url)})
        page.goto(url)
        page.wait_for_selector(f"#g{READY}", timeout=20000)
        html = page.frame_locator("#g iframe").locator("html")
        assert html.get_attribute("data-fr-scheme") == "system"
        assert html.get_attribute("data-fr-theme") == "dark"
    finally:
        context.close()


def test_a_tampered_loader_is_blocked_by_its_sri_hash(page, host_server, bff_url, embed):
    wrong = "sha384-" + "A" * 64
    open_host(page, host_server, bff_url, embed, placeholder("guide", "g", platform="parcoursup"),
              "/sri", integrity=wrong)
    page.wait_for_timeout(800)
    assert page.locator("#g iframe").count() == 0
    assert page.locator("#g a").text_content() == "Lien de repli"
    assert any("integrity" in text for text in console_of(page, "error")), dump(page)


def test_api_cors_follows_the_callers_origins_in_the_browser(page, host_server, bff_url, embed):
    open_host(page, host_server, bff_url, embed, "", "/cors")
    script = """async (url) => {
        try { const r = await fetch(url); return r.status; } catch (e) { return "blocked"; } }"""
    assert page.evaluate(script, bff_url + "/api/v1/ping?caller=demo") == 200
    assert page.evaluate(script, bff_url + "/api/v1/ping") == 200      # any caller's origin
    assert page.evaluate(script, bff_url + "/api/v1/ping?caller=fermee") == "blocked"
