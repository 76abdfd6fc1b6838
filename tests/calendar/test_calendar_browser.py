"""The widget in real Chromium, embedded by embed.js on a page of another origin."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from calendar_fixtures import bundled

pytestmark = pytest.mark.browser

HOST_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Plateforme hôte</title>
<script src="{widgets}/static/js/embed.js" defer></script>
</head><body><main>
<h1>Vœu : BTS en apprentissage</h1>
<div data-apprentissage-widget="calendar" data-caller="demo" data-platform="parcoursup"
     data-campaign="2026" data-formation-start="{formation_start}"></div>
</main></body></html>"""


def no_horizontal_scroll(target) -> bool:
    return target.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def campaign_around_today(days_after_admission_opens: int = 3) -> tuple[dict, date]:
    """Parcoursup 2026 moved so that today falls in its admission phase (embed.js has no
    ``today`` attribute: the page always uses the server's date)."""
    today = datetime.now(ZoneInfo("Europe/Paris")).date()
    document = bundled("parcoursup-2026")
    delta = today - (date(2026, 6, 2) + timedelta(days=days_after_admission_opens))

    def moved(value: str) -> str:
        return (date.fromisoformat(value) + delta).isoformat()
    for phase in document["phases"]:
        phase["start"], phase["end"] = moved(phase["start"]), moved(phase["end"])
    document["school_year"] = {k: moved(v) for k, v in document["school_year"].items()}
    document["default_formation_start"] = moved(document["default_formation_start"])
    return document, date(2026, 9, 1) + delta


def test_embedded_calendar_at_320_px_and_desktop(page, live_server, host_server, published):
    document, formation_start = campaign_around_today()
    published.calendars[("parcoursup", "2026")] = document
    url = host_server.add("/voeu", HOST_PAGE.format(widgets=live_server,
                                                   formation_start=formation_start))
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(url)
    holder = page.locator('[data-apprentissage-widget="calendar"]')
    page.wait_for_function(
        "() => document.querySelector('[data-apprentissage-widget]').dataset.apprentissageState"
        " === 'ready'")
    iframe = page.locator("iframe.apprentissage-widget-frame")
    assert iframe.get_attribute("title") == (
        "Calendrier : étapes de la candidature et de l'apprentissage")
    frame = page.frame_locator("iframe.apprentissage-widget-frame")
    current = frame.locator('[aria-current="step"]')
    assert current.count() == 1
    assert current.get_attribute("data-step") == "admission"
    assert "En cours" in current.text_content()
    assert frame.locator("ol.aw-timeline > li").count() == 8
    assert frame.locator("ol.aw-timeline time").count() >= 8
    # The timeline's dots replace DSFR's numbers, and the stylesheet really is applied.
    assert current.evaluate("li => getComputedStyle(li, '::marker').content") == "none"
    assert current.evaluate("li => getComputedStyle(li, '::before').borderRadius") == "50%"

    inner = next(f for f in page.frames if f.url.startswith(live_server))
    # The frame follows its content's height, so nothing is cut and nothing scrolls.
    page.wait_for_function(
        "() => parseInt(document.querySelector('iframe').style.height) > 320")
    narrow = iframe.bounding_box()
    content = inner.evaluate("() => Math.ceil(document.documentElement.getBoundingClientRect().height)")
    assert abs(narrow["height"] - content) <= 2
    assert narrow["width"] <= 320
    assert no_horizontal_scroll(inner) and no_horizontal_scroll(page)
    link = frame.get_by_role("link", name="Ajouter à mon agenda")
    assert link.is_visible()

    # Desktop width: fewer lines, so the frame shrinks to its new content height.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.wait_for_function(
        f"() => parseInt(document.querySelector('iframe').style.height) < {narrow['height']}")
    wide = iframe.bounding_box()
    content = inner.evaluate("() => Math.ceil(document.documentElement.getBoundingClientRect().height)")
    assert abs(wide["height"] - content) <= 2 and wide["width"] > 320
    assert no_horizontal_scroll(inner)

    with page.expect_download() as download:
        link.click()
    saved = download.value.path()
    calendar = icalendar.Calendar.from_ical(open(saved, "rb").read())
    assert len(list(calendar.walk("VEVENT"))) == 14
    assert download.value.suggested_filename == "calendrier-parcoursup-2026.ics"

    assert not page.page_errors
    # The host server has no favicon; anything else logged as an error is a failure (CSP...).
    errors = [m for m in page.console_messages if m.type == "error"
              and not m.location.get("url", "").endswith("/favicon.ico")]
    assert not errors, [(m.text, m.location) for m in errors]
    assert holder.get_attribute("data-apprentissage-state") == "ready"
