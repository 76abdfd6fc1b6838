"""axe-core in real Chromium: every widget in the light, dark and system themes, the
integration pages and the demo mock-ups.

The reader's colour scheme is emulated (playwright's color_scheme) together with the
widget's ``theme`` parameter, so that axe computes every contrast against the colours
the reader really sees. Each page is checked twice:

1. as it is, with every axe rule: no violation;
2. with the DSFR's decorative background images removed (link underlines, select
   arrows, the coloured bars of alerts and callouts are drawn with background images,
   and axe reports text over a background image as "incomplete" instead of computing
   it): the color-contrast rule has no violation and nothing left incomplete, except
   SVG text (the pay chart), whose fill the test checks itself.
"""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from a11y_helpers import opened

pytestmark = pytest.mark.browser

AXE = Axe()
CLE = "088281P01313885594860007038855948600070-67118%23L01"
WIDGETS = {
    "pay-simulator": "/widgets/v1/pay-simulator?caller=demo&formation_start=2027-09-01",
    "pay-simulator-result": "/widgets/v1/pay-simulator?caller=demo&formation_start=2027-09-01"
                            "&birth_month=2008-05&contract_start=2027-09-01&duration_months=24",
    "pay-simulator-errors": "/widgets/v1/pay-simulator?caller=demo&birth_month=20&contract_start=x",
    "calendar": "/widgets/v1/calendar?caller=demo&platform=parcoursup&formation_start=2027-09-01",
    "offer-search": "/widgets/v1/offer-search?caller=demo&romes=D1406,D1402&insee=69123&radius=30",
    "offer-search-errors": "/widgets/v1/offer-search?caller=demo&romes=XX&insee=1",
    "guide": f"/widgets/v1/guide?caller=demo&platform=parcoursup&cle_ministere_educatif={CLE}",
    "error-page": "/widgets/v1/calendar?caller=inconnu",
}
# theme parameter -> the reader's setting emulated; "system" is checked with a reader
# who prefers dark (system with a light preference is the light theme).
THEMES = {"light": "light", "dark": "dark", "system": "dark"}
# A widget is a part of its host's page, which carries the page's level-one heading.
WIDGET_RULES_OFF = {"page-has-heading-one": {"enabled": False}}
UNDECORATED = "*, *::before, *::after { background-image: none !important; }"


def channels(css_colour: str) -> tuple[float, ...]:
    values = [float(v) for v in re.findall(r"[\d.]+", css_colour)]
    return tuple(values[:3]) + ((values[3],) if len(values) > 3 else (1.0,))


def luminance(css_colour: str) -> float:
    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b, _ = channels(css_colour)
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(first: str, second: str) -> float:
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def described(results: list[dict]) -> str:
    return "\n".join(f"{r['id']}: {n['target']} {n.get('failureSummary', '')}"
                     for r in results for n in r["nodes"][:5])


def run_axe(page, context: str | None = None, **options) -> dict:
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    options.setdefault("resultTypes", ["violations", "incomplete"])
    return AXE.run(page, context=context, options=options).response


def assert_contrast_computed(page, context: str | None = None) -> None:
    """Pass 2: without decorative background images, axe computes every text's contrast
    (in ``context``, a selector, when given; else the whole page)."""
    page.add_style_tag(content=UNDECORATED)
    result = run_axe(page, context, runOnly=["color-contrast"])
    assert result["violations"] == [], described(result["violations"])
    assert any(r["id"] == "color-contrast" and r["nodes"] for r in result["passes"]), "no text?"
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    for rule in result["incomplete"]:
        for node in rule["nodes"]:
            selector = node["target"][0]
            kind, fill = page.evaluate(
                "s => { const e = document.querySelector(s); return [e.namespaceURI.endsWith('svg')"
                " ? e.tagName : 'html', getComputedStyle(e).fill]; }", selector)
            assert kind == "text", f"contrast not computed for {selector}: {node['any']}"
            assert contrast(fill, background) >= 4.5, (selector, fill, background)


def assert_scheme_applied(page, color_scheme: str) -> None:
    """The page is painted in the scheme asked (else a test in "dark" proves nothing)."""
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert channels(background)[3] == 1, "the page must paint its own background"
    assert (luminance(background) < 0.05) == (color_scheme == "dark"), background


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", WIDGETS)
def test_widget_has_no_axe_violation_and_readable_contrast(browser, a11y_url, name, theme):
    url = f"{a11y_url}{WIDGETS[name]}&theme={theme}"
    with opened(browser, url, THEMES[theme]) as page:
        assert_scheme_applied(page, THEMES[theme])
        result = run_axe(page, rules=WIDGET_RULES_OFF)
        assert result["violations"] == [], described(result["violations"])
        assert_contrast_computed(page)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("colour", ["#6a1b9a", "#c0392b"])
def test_a_primary_colour_stays_readable_in_every_theme(browser, a11y_url, colour, theme):
    for name in ("pay-simulator-result", "offer-search", "calendar"):
        url = f"{a11y_url}{WIDGETS[name]}&theme={theme}&primary_color=%23{colour[1:]}"
        with opened(browser, url, THEMES[theme]) as page:
            action = page.evaluate("() => getComputedStyle(document.documentElement)"
                                   ".getPropertyValue('--text-action-high-blue-france').trim()")
            assert action not in ("#000091", "#8585f6"), "the primary colour must apply"
            assert_contrast_computed(page)


def test_system_theme_is_dark_without_javascript(browser, a11y_url):
    """The "system" theme follows the reader's setting by CSS alone: no script, no flash."""
    url = f"{a11y_url}{WIDGETS['calendar']}&theme=system&primary_color=%236a1b9a"
    with opened(browser, url, "dark", javascript=False) as page:
        assert page.get_attribute("html", "data-fr-theme") is None   # frame.js did not run
        assert_scheme_applied(page, "dark")
        colours = page.evaluate("""() => ['h1', 'p', 'a[href]', '.fr-badge'].map(s =>
            [s, getComputedStyle(document.querySelector(s)).color,
             getComputedStyle(document.body).backgroundColor])""")
        for selector, colour, background in colours:
            assert contrast(colour, background) >= 4.5, (selector, colour, background)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("path,widths", [("/integration", (375, 1280)), ("/api/v1/docs", (375,))])
def test_integration_pages_follow_the_reader_and_pass_axe(browser, a11y_url, path, widths,
                                                          color_scheme):
    """At 375 px the tables scroll inside their own, focusable, region."""
    for width in widths:
        with opened(browser, a11y_url + path, color_scheme, width=width) as page:
            assert_scheme_applied(page, color_scheme)
            result = run_axe(page)
            assert result["violations"] == [], described(result["violations"])
            assert_contrast_computed(page)


@pytest.mark.parametrize("path", ["/demo/", "/demo/parcoursup", "/demo/affelnet"])
def test_demo_pages_have_no_axe_violation(browser, a11y_url, path):
    host = a11y_url.replace("127.0.0.1", "localhost")     # widgets come from the other origin
    with opened(browser, host + path, "light", width=375) as page:
        result = run_axe(page)
        assert result["violations"] == [], described(result["violations"])


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_open_suggestion_list_is_readable(browser, a11y_url, theme):
    """The offer search's suggestions (drawn by offer-search.js), one option selected."""
    url = f"{a11y_url}/widgets/v1/offer-search?caller=demo&theme={theme}"
    with opened(browser, url, theme) as page:
        field = page.locator("#offers-trade")
        field.fill("")
        field.press_sequentially("boulan", delay=20)
        page.locator("#offers-trade-listbox [role=option]").first.wait_for()
        field.press("ArrowDown")
        assert page.locator("#offers-trade-listbox [aria-selected=true]").count() == 1
        result = run_axe(page, rules=WIDGET_RULES_OFF)
        assert result["violations"] == [], described(result["violations"])
        # The list covers the fields below it: their contrast is checked with the list closed.
        assert_contrast_computed(page, "#offers-trade-listbox")
