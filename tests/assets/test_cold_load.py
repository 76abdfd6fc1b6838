"""A widget's cold load in real Chromium (no throttling): the stylesheets it requests are
the shared core and its own bundle, each used by the page, and its fonts are at most the
two Marianne subsets, versioned and cached for a year."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[2]
CLE = "088281P01313885594860007038855948600070-67118%23L01"
WIDGETS = {
    "pay-simulator": "/widgets/v1/pay-simulator?caller=demo&formation_start=2027-09-01",
    "calendar": "/widgets/v1/calendar?caller=demo&platform=parcoursup&formation_start=2027-09-01",
    "offer-search": "/widgets/v1/offer-search?caller=demo&romes=D1406,D1402&insee=69123&radius=30",
    "guide": f"/widgets/v1/guide?caller=demo&platform=parcoursup&cle_ministere_educatif={CLE}",
}
SUBSET_FONTS = {"Marianne-Regular-fr.woff2", "Marianne-Bold-fr.woff2"}
FONT_BUDGET = 60 * 1024
YEAR = "public, max-age=31536000, immutable"


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url).split("?")[0]


@pytest.mark.browser
@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("name", WIDGETS)
def test_a_cold_load_requests_only_the_css_it_uses_and_the_subset_fonts(
        browser, live_server, name, theme):
    context = browser.new_context(color_scheme=theme)      # a new context: an empty cache
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    cdp = context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    cdp.send("CSS.startRuleUsageTracking")
    sheets = {}
    cdp.on("CSS.styleSheetAdded", lambda e: sheets.__setitem__(
        e["header"]["styleSheetId"], path_of(e["header"]["sourceURL"])))
    try:
        page.goto(f"{live_server}{WIDGETS[name]}&theme={theme}")
        page.wait_for_load_state("networkidle")
        page.evaluate("() => document.fonts.ready.then(() => true)")
        usage = cdp.send("CSS.stopRuleUsageTracking")["ruleUsage"]

        css = sorted(path_of(r.url) for r in responses if r.request.resource_type == "stylesheet")
        assert css == ["/static/css/core.css", f"/static/css/widget-{name}.css"]
        used = {sheets.get(rule["styleSheetId"]) for rule in usage if rule["used"]}
        assert set(css) <= used, f"a stylesheet with no rule the page uses: {set(css) - used}"

        fonts = [r for r in responses if r.request.resource_type == "font"]
        assert {Path(path_of(r.url)).name for r in fonts} <= SUBSET_FONTS
        assert fonts, "the page is set in Marianne"
        assert sum(len(r.body()) for r in fonts) <= FONT_BUDGET
        for response in fonts + [r for r in responses if r.request.resource_type == "stylesheet"]:
            assert "?v=" in response.url and response.headers["cache-control"] == YEAR, response.url
    finally:
        context.close()


def test_no_widget_bundle_carries_another_widgets_own_rules():
    """Each widget's own stylesheet (static/css/src) lands in its bundle only."""
    own = {"pay-simulator": "pay.css", "calendar": "calendar.css",
           "offer-search": "offers.css", "guide": "guide.css"}
    for name, source in own.items():
        selectors = set(re.findall(r"\.((?:aw|pay)-[\w-]+)",
                                   (ROOT / "static/css/src" / source).read_text()))
        for other in own:
            bundle = (ROOT / f"static/css/widget-{other}.css").read_text()
            found = {s for s in selectors if re.search(rf"\.{re.escape(s)}\b", bundle)}
            if other == name:
                assert found, f"{source}'s rules missing from widget-{name}.css"
            else:
                assert not found - shared_selectors(), (name, other, found)


def shared_selectors() -> set[str]:
    """Selectors of base.css, which every widget uses."""
    return set(re.findall(r"\.((?:aw|pay)-[\w-]+)", (ROOT / "static/css/src/base.css").read_text()))


def test_the_font_subsets_cover_every_character_we_show():
    """A new character in a template, a text or the data needs tools/build_fonts.py's
    FRENCH list and a rebuild: else it would be shown in a fallback font."""
    import sys
    sys.path.insert(0, str(ROOT / "tools"))
    from build_fonts import FONTS, characters_used

    for name in FONTS.values():
        font = TTFont(ROOT / "static" / "fonts" / name)
        covered = set(font.getBestCmap())
        missing = {ch for ch in characters_used() if ord(ch) not in covered and ch.isprintable()}
        assert not missing, f"{name} lacks {sorted(missing)}"
        assert len(covered) < 400, "a subset, not the whole font"


def test_font_faces_swap_and_use_versioned_subsets():
    core = (ROOT / "static/css/core.css").read_text()
    faces = re.findall(r"@font-face\{[^}]*\}", core)
    assert len(faces) == 2
    for face in faces:
        assert "font-display:swap" in face
        assert re.search(r"url\(\.\./fonts/Marianne-(Regular|Bold)-fr\.woff2\?v=[0-9a-f]{12}\)", face)
    for bundle in (ROOT / "static/css").glob("widget-*.css"):     # once, in the shared core
        assert "@font-face" not in bundle.read_text(), bundle.name
