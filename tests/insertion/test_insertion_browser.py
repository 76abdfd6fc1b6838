"""The insertion widget in real Chromium: embedded cross-origin at 320 px through embed.js
under a strict host CSP, its tables read in order by the accessibility tree, and the page
alone without JavaScript."""
from __future__ import annotations

import re
import time

import pytest
import requests

from insertion_helpers import make_app
from fake_exposition import CFD, MEF
from servers import serving
from widgets.insertion.figures import bundle
from widgets.registry import WIDGETS

pytestmark = pytest.mark.browser
UAI = "0693492W"
# The accessibility tree gives the narrow no-break space of "48 %" as a plain space.
NNBSP = " "


def snapshot(locator) -> str:
    return locator.aria_snapshot().replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def bff_url(tmp_path, exposition):
    """The widgets' origin (127.0.0.1), its InserJeunes client on the fake API."""
    with serving(make_app(tmp_path, exposition.url)) as url:
        yield url


def host_page(host_server, bff_url: str, placeholders: str) -> str:
    embed = requests.get(bff_url + "/integration/embed.json", timeout=10).json()["embed"]
    csp = (f"default-src 'none'; script-src {bff_url}; frame-src {bff_url}; "
           "style-src 'none'; img-src 'none'; base-uri 'none'; object-src 'none'")
    page = (f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Vœux</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<script src="{embed["url"]}" integrity="{embed["integrity"]}" '
            f'crossorigin="anonymous" defer></script></head><body><h1>Mes vœux</h1>'
            f'{placeholders}</body></html>')
    return host_server.add("/voeux", page, {"Content-Security-Policy": csp})


def wait_ready(page, selector: str, timeout: float = 20.0):
    page.wait_for_selector(f"{selector}[data-apprentissage-state=ready]", timeout=timeout * 1000)
    frame = page.frame_locator(f"{selector} iframe")
    frame.locator(".insertion").wait_for()
    return frame


def expected_table(rows: list[tuple[str, str]], caption: str, header: str = "Valeur") -> str:
    lines = [f'- table "{caption}":', f"  - caption: {caption}", "  - rowgroup:",
             f'    - row "Indicateur {header}":', '      - columnheader "Indicateur"',
             f'      - columnheader "{header}"', "  - rowgroup:"]
    for label, value in rows:
        lines += [f'    - row "{label} {value}":', f'      - rowheader "{label}"',
                  f'      - cell "{value}"']
    return "\n".join(lines)


def test_embedded_cross_origin_at_320_px_and_read_in_order(browser, host_server, bff_url):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fr-FR")
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(host_page(host_server, bff_url,
                        f'<div id="insertion" data-apprentissage-widget="insertion" '
                        f'data-caller="demo" data-uai="{UAI}"><a href="#">repli</a></div>'))
    assert page.url.startswith("http://localhost:")              # another origin than the BFF
    frame = wait_ready(page, "#insertion")
    iframe = page.locator("#insertion iframe")
    assert iframe.get_attribute("title") == WIDGETS["insertion"].title
    assert iframe.get_attribute("src").startswith(bff_url + "/widgets/v1/insertion?")
    box = iframe.bounding_box()
    assert box["width"] <= 320
    # The frame follows its content: nothing cut, nothing to scroll inside.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        inner = frame.locator("html").evaluate(
            "el => [el.scrollWidth, el.clientWidth, Math.ceil(el.getBoundingClientRect().height)]")
        if abs(iframe.bounding_box()["height"] - inner[2]) < 2:
            break
        time.sleep(0.1)
    assert inner[0] <= inner[1], inner                         # no horizontal overflow
    assert abs(iframe.bounding_box()["height"] - inner[2]) < 2

    row = bundle().figures(UAI).values
    bars = snapshot(frame.locator(".insertion__bars"))
    assert (f"- listitem: En emploi {row['part_en_emploi_6_mois']}{NNBSP}%\n"
            f"    - listitem: En formation {row['part_en_formation']}{NNBSP}%\n"
            f"    - listitem: Autres situations {row['part_autres_6_mois']}{NNBSP}%") in bars

    shares = snapshot(frame.locator("table").nth(0))
    assert shares == expected_table(
        [("En emploi à 6 mois", f"{row['part_en_emploi_6_mois']}{NNBSP}%"),
         ("En formation (poursuite d'études)", f"{row['part_en_formation']}{NNBSP}%"),
         ("Autres situations à 6 mois", f"{row['part_autres_6_mois']}{NNBSP}%")],
        "Situation 6 mois après la dernière année de formation, en % des jeunes inscrits "
        "en dernière année")
    leavers = snapshot(frame.locator("table").nth(1))
    va = row["valeur_ajoutee_6_mois"]
    assert leavers == expected_table(
        [("En emploi 6 mois après la sortie d'études", f"{row['taux_emploi_6_mois']}{NNBSP}%"),
         ("En emploi 12 mois après la sortie d'études", f"{row['taux_emploi_12_mois']}{NNBSP}%"),
         ("Taux d'emploi attendu à 6 mois", f"{row['taux_emploi_6_mois_attendu']}{NNBSP}%"),
         ("Valeur ajoutée du CFA (écart avec le taux attendu)",
          f"{'+' if va > 0 else ''}{va} point{'s' if abs(va) >= 2 else ''}")],
        "Taux d'emploi des jeunes qui ont arrêté leurs études, en % de ces jeunes")
    assert errors == []
    context.close()


def test_both_routes_side_by_side_are_read_column_by_column(browser, host_server, bff_url):
    context = browser.new_context(viewport={"width": 1024, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.goto(host_page(host_server, bff_url,
                        f'<div id="w" data-apprentissage-widget="insertion" data-caller="demo" '
                        f'data-cfd="{CFD}" data-mefstat11="{MEF}"></div>'))
    frame = wait_ready(page, "#w")
    table = snapshot(frame.locator("table").first)
    header = re.search(r'- row "(Indicateur [^"]+)":', table).group(1)
    assert header == ("Indicateur Apprentis (France entière, 2023) "
                      "Voie scolaire (France entière, 2023)")
    first_row = re.search(r'- row "En emploi à 6 mois [^"]+":\n((?:\s+- .*\n?){3})', table)
    cells = re.findall(r'- (rowheader|cell) "([^"]+)"', first_row.group(1))
    assert [kind for kind, _ in cells] == ["rowheader", "cell", "cell"]
    groups = frame.locator(".insertion__group-title").all_inner_texts()
    assert groups == ["Apprentis (France entière, 2023)",
                      "Voie scolaire (France entière, 2023)"]
    context.close()


def test_without_javascript_at_320_px_everything_is_there(browser, tmp_path, exposition):
    context = browser.new_context(viewport={"width": 320, "height": 640},
                                  java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    with serving(make_app(tmp_path, exposition.url)) as url:
        page.goto(f"{url}/widgets/v1/insertion?caller=demo&uai={UAI}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert page.locator(".insertion-bar").count() == 3
        assert page.locator("table").count() == 2
        assert page.get_by_role("heading", name="Comprendre ces chiffres").is_visible()
        # Keyboard only: the one interactive element, the source link, is reachable.
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        assert "Voir la source" in focused
    context.close()


def test_the_dark_theme_recolours_the_bars(browser, tmp_path, exposition):
    context = browser.new_context(viewport={"width": 375, "height": 640}, locale="fr-FR")
    page = context.new_page()
    fills = {}
    with serving(make_app(tmp_path, exposition.url)) as url:
        for theme in ("light", "dark"):
            page.goto(f"{url}/widgets/v1/insertion?caller=demo&theme={theme}&uai={UAI}")
            fills[theme] = page.evaluate(
                "[getComputedStyle(document.querySelector('.insertion-bar--emploi "
                ".insertion-bar__fill')).fill, getComputedStyle(document.body).color]")
    assert fills["light"][0] != fills["dark"][0] and fills["light"][1] != fills["dark"][1]
    context.close()
