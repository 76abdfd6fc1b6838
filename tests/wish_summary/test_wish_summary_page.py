"""The summary page as HTML: its lines, the links that open each full widget in the same
frame, the way back, the providers' seams, the market fill-in fragment and errors."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from bff.providers import set_market_provider, set_outcomes_provider
from widgets.wish_summary.market import Count, MarketCounts, counts_from_search

PAGE = "/widgets/v1/wish-summary"
WISH = {"caller": "parcoursup", "platform": "parcoursup", "formation_start": "2027-09-01",
        "romes": "D1406,D1407", "insee": "69123", "today": "2027-02-01",
        "host_origin": "http://localhost:8123", "theme": "dark"}


def page(client, **params):
    response = client.get(PAGE + "?" + urlencode(params))
    return response, unescape(response.get_data(as_text=True))


def follow(client, href):
    response = client.get(href)
    return response, unescape(response.get_data(as_text=True))


def hrefs(html: str) -> dict[str, str]:
    """Link text → href."""
    return {re.sub(r"<[^>]+>", "", text).strip(): href
            for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)}


def query(href: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}


def test_page_shows_now_deadline_action_pay_market_and_guide(client):
    response, html = page(client, **WISH)
    assert response.status_code == 200
    assert "Vœux jusqu'au 11 mars 2027 : cherchez un employeur dès maintenant." in html
    assert re.search(r'aria-hidden="true">J-38<.*dans 38 jours', html, re.S)
    assert "Prochaine échéance le 11 mars 2027 : Inscription et formulation des vœux" in html
    links = hrefs(html)
    assert set(links) >= {"Trouver un employeur", "Tout le calendrier", "Calculer pour moi",
                          "Voir les offres", "Contrat, aides, questions fréquentes"}
    assert "Salaire minimum en 1re année" in html and "de 17 à 20 ans" in html
    assert "Après la formation" not in html          # no outcomes provider: no line


def test_each_line_opens_its_full_widget_in_the_frame_with_the_way_back(client):
    _, html = page(client, **WISH)
    links = hrefs(html)
    expected = {"Trouver un employeur": "offer-search", "Voir les offres": "offer-search",
                "Tout le calendrier": "calendar", "Calculer pour moi": "pay-simulator",
                "Contrat, aides, questions fréquentes": "guide"}
    for text, widget in expected.items():
        href = links[text]
        assert href.startswith(f"/widgets/v1/{widget}?"), text     # same origin, same frame
        params = query(href)
        # The frame keeps who embeds it, where to post messages, and its theme.
        assert params["caller"] == "parcoursup" and params["theme"] == "dark"
        assert params["host_origin"] == "http://localhost:8123"
        back = urlsplit(params["back"])
        assert back.path == PAGE and query(params["back"])["romes"] == "D1406,D1407"
        opened, opened_html = follow(client, href)
        assert opened.status_code == 200, text
        assert hrefs(opened_html)["← Retour au résumé"].startswith(PAGE + "?")
    assert query(links["Voir les offres"])["romes"] == "D1406,D1407"
    assert query(links["Calculer pour moi"])["formation_start"] == "2027-09-01"


def test_the_way_back_returns_to_the_same_summary(client):
    _, html = page(client, **WISH)
    _, opened = follow(client, hrefs(html)["Calculer pour moi"])
    back = hrefs(opened)["← Retour au résumé"]
    response, again = follow(client, back)
    assert response.status_code == 200
    assert hrefs(again) == hrefs(html)


@pytest.mark.parametrize("back", [
    "https://evil.example/widgets/v1/wish-summary?caller=parcoursup",
    "//evil.example/widgets/v1/wish-summary?caller=parcoursup",
    "javascript:alert(1)//widgets/v1/wish-summary",
    "/widgets/v1/calendar?caller=parcoursup",
    "/widgets/v1/wish-summary/../../admin/",
    "/widgets/v1/wish-summary?romes=not-a-rome",
    "/widgets/v1/wish-summary?caller=parcoursup#frag",
    "/widgets/v1/wish-summary?" + "x" * 2100,
])
def test_back_is_refused_unless_it_names_this_services_wish_summary(client, back):
    for widget in ("pay-simulator", "calendar", "offer-search", "guide"):
        opened = client.get(f"/widgets/v1/{widget}?" + urlencode(
            {"caller": "parcoursup", "platform": "parcoursup", "back": back}))
        assert opened.status_code == 200
        assert "Retour au résumé" not in opened.get_data(as_text=True), (widget, back)


def test_back_is_rebuilt_from_the_summarys_own_parameters(client):
    back = ("http://localhost/widgets/v1/wish-summary?romes=F1603&insee=75056&caller=evil"
            "&host_origin=https://evil.example&onload=x&formation_label=BTS%20%22quoted%22")
    response = client.get("/widgets/v1/guide?" + urlencode(
        {"caller": "parcoursup", "theme": "dark", "back": back}))
    link = hrefs(unescape(response.get_data(as_text=True)))["← Retour au résumé"]
    params = query(link)
    assert link.startswith(PAGE + "?")
    # Only the summary's own parameters are kept; caller and host_origin are this page's.
    assert params == {"romes": "F1603", "insee": "75056", "formation_label": 'BTS "quoted"',
                      "caller": "parcoursup", "theme": "dark"}


def test_forms_of_opened_widgets_keep_the_way_back_and_the_theme(client):
    _, html = page(client, **WISH)
    for text in ("Calculer pour moi", "Tout le calendrier", "Voir les offres"):
        _, opened = follow(client, hrefs(html)[text])
        form = re.search(r"<form .*?</form>", opened, re.S).group(0)
        assert re.search(r'<input type="hidden" name="back" value="/widgets/v1/wish-summary\?', form), text
        assert '<input type="hidden" name="theme" value="dark">' in form, text


def test_market_pending_is_a_link_and_the_fragment_fills_it(client):
    """With an empty cache the page shows the link; the fragment (what wish-summary.js
    fetches) asks the source and answers the counts."""
    _, html = page(client, **WISH)
    line = re.search(r'<section [^>]*id="ws-market".*?</section>', html, re.S).group(0)
    assert 'data-market-status="pending"' in line and "Voir les offres" in line
    fill = re.search(r'data-market-fill="([^"]+)"', line).group(1)
    assert query(fill)["fragment"] == "market"
    response = client.get(fill)
    assert response.status_code == 200
    fragment = unescape(response.get_data(as_text=True))
    assert 'data-market-status="known"' in fragment
    counts = client.get("/api/v1/offers?romes=D1406,D1407&insee=69123").get_json()["counts"]
    assert f"{counts['offers']} offres · {counts['companies']} entreprises à moins de 30 km." in fragment
    # Now cached: the page itself shows the counts.
    _, html = page(client, **WISH)
    assert f"{counts['offers']} offres · {counts['companies']} entreprises" in html
    assert "data-market-fill" not in html


def test_a_capped_count_is_never_shown_as_an_exact_number(app, client):
    set_market_provider(app, lambda search, wait: MarketCounts(
        Count(150, capped=True), Count(150, capped=True)))
    _, html = page(client, **WISH)
    assert "150 offres ou plus · 150 entreprises ou plus à moins de 30 km." in html
    set_market_provider(app, lambda search, wait: MarketCounts(Count(1), Count(0)))
    _, html = page(client, **WISH, radius="31")     # another URL: the page cache kept the first
    assert "1 offre · aucune entreprise à moins de 31 km." in html


def test_counts_from_a_search_are_capped_when_a_source_reached_150():
    def results(lba, ft, recruiters, kept=None):
        offers = ([{"source_label": "La bonne alternance"}] * (kept if kept is not None else lba)
                  + [{"source_label": "France Travail"}] * ft)
        return {"offers": offers, "companies": [{}] * recruiters, "warnings": [],
                "upstream_lengths": {"jobs": {"offres_emploi_lba": lba, "France Travail": ft},
                                     "recruiters": recruiters}}
    counts = counts_from_search(results(150, 20, 12))
    assert counts.offers == Count(170, capped=True) and counts.companies == Count(12)
    # 150 sent, 3 dropped as invalid: still capped, never "147".
    assert counts_from_search(results(150, 0, 150, kept=147)).offers == Count(147, capped=True)
    assert counts_from_search(results(149, 149, 149)).capped is False


def test_outcomes_line_shows_only_when_a_provider_has_data(app, client):
    seen = []

    def provider(wish, wait):
        seen.append((wish.get("uai"), wait))
        if wish.get("uai") == "0751234J":
            return {"sentence": "72 % des apprentis de ce CFA en emploi 6 mois après leur sortie.",
                    "rate": 72}
        return None
    set_outcomes_provider(app, provider)
    _, html = page(client, **WISH, uai="0751234J")
    assert "Après la formation" in html and "72 % des apprentis" in html
    assert seen[-1] == ("0751234J", False)                    # the page never waits
    _, html = page(client, **WISH, uai="0751235K")
    assert "Après la formation" not in html
    body = client.get("/api/v1/wish-summary?" + urlencode({**WISH, "uai": "0751234J"})).get_json()
    assert body["outcomes"]["rate"] == 72 and seen[-1] == ("0751234J", True)

    def broken(wish, wait):
        raise RuntimeError("provider bug")
    set_outcomes_provider(app, broken)
    app.extensions["page_cache"].clear()      # providers are set at start; here, mid-test
    response, html = page(client, **WISH, uai="0751234J")
    assert response.status_code == 200 and "Après la formation" not in html


@pytest.mark.parametrize("field, value, message", [
    ("formation_start", "2027-02-30", "Date impossible"),
    ("romes", "F16O3", "Code ROME mal formé"),
    ("platform", "moodle", "Plateforme inconnue"),
])
def test_bad_parameters_get_a_french_error_page(client, field, value, message):
    response, html = page(client, caller="parcoursup", **{field: value})
    assert response.status_code == 400
    assert 'role="alert"' in html and message in html and f"({field})" in html
    assert "<title>Erreur : " in html


def test_page_needs_a_caller_and_sends_the_strict_csp(client):
    assert client.get(PAGE).status_code == 400
    response = client.get(PAGE + "?caller=affelnet")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    html = response.get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and " style=" not in html
    assert "Set-Cookie" not in response.headers
