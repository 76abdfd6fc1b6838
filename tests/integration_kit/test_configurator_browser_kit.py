"""The configurator and the platform mock-ups, in real Chromium."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from integration_kit_helpers import console_of, dump

pytestmark = pytest.mark.browser


def test_configurator_previews_live_and_updates_the_snippets(page, bff_url):
    page.goto(bff_url + "/integration")
    page.wait_for_selector("#ik-preview [data-apprentissage-widget=pay-simulator]"
                           "[data-apprentissage-state=ready]", timeout=20000)
    page.select_option("#ik-widget", "calendar")
    page.select_option("#ik-calendar-platform", "affelnet")
    expect(page.locator("#ik-snippet-script")).to_contain_text('data-platform="affelnet"')
    page.wait_for_selector("#ik-preview [data-apprentissage-widget=calendar][data-platform=affelnet]"
                           "[data-apprentissage-state=ready]", timeout=20000)
    snippet = page.text_content("#ik-snippet-script")
    assert '<div data-apprentissage-widget="calendar" data-caller="demo" data-platform="affelnet">' in snippet
    assert 'integrity="sha384-' in snippet
    assert "/widgets/v1/calendar?caller=demo&amp;platform=affelnet" in page.text_content("#ik-snippet-iframe")
    assert page.locator("#ik-events li").count() >= 1
    assert "apprentissage:ready" in page.text_content("#ik-events")

    page.fill("#ik-primary", "#ffff00")
    page.wait_for_selector("#ik-primary-message", state="visible", timeout=5000)
    assert page.get_attribute("#ik-primary", "aria-invalid") == "true"
    assert "4,5:1" in page.text_content("#ik-primary-message")
    assert "data-primary-color" not in page.text_content("#ik-snippet-script")
    page.fill("#ik-primary", "#6a1b9a")
    page.wait_for_selector("#ik-primary-message", state="hidden", timeout=5000)
    expect(page.locator("#ik-snippet-script")).to_contain_text('data-primary-color="#6a1b9a"')
    assert console_of(page, "error") == [], dump(page)


@pytest.mark.parametrize("path", ["/demo/parcoursup", "/demo/affelnet"])
def test_platform_mockups_show_their_widgets_from_the_other_origin(page, bff_url, path):
    host = bff_url.replace("127.0.0.1", "localhost")        # the host page's own origin
    page.goto(host + path)
    placeholders = page.locator("[data-apprentissage-widget]")
    count = placeholders.count()
    assert count == {"/demo/parcoursup": 3, "/demo/affelnet": 2}[path]   # one per apprenticeship wish
    for i in range(count):
        placeholders.nth(i).scroll_into_view_if_needed()
        page.wait_for_selector(f"[data-apprentissage-widget] >> nth={i}", timeout=5000)
        page.locator("[data-apprentissage-widget]").nth(i).locator("iframe").wait_for(timeout=5000)
    page.wait_for_function("() => [...document.querySelectorAll('[data-apprentissage-widget]')]"
                           ".every(el => el.dataset.apprentissageState === 'ready')", timeout=30000)
    src = page.get_attribute("[data-apprentissage-widget] iframe", "src")
    assert src.startswith(bff_url + "/widgets/v1/")
    assert console_of(page, "error") == [], dump(page)
