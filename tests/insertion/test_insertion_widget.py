"""The widget page as HTML: bars with their numbers as text, tables with headers, the
definitions, the source; strict CSP, no inline script or style; admin-editable texts."""
from __future__ import annotations

import html
import re

from insertion_helpers import TextStore
from fake_exposition import CFD
from widgets.insertion.figures import bundle
from widgets.insertion.rules import BARS

UAI = "0693492W"


def text_of(fragment: str) -> str:
    """Visible text, ASCII blanks collapsed (narrow no-break spaces are kept)."""
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def facts(body: str) -> dict[str, str]:
    return {text_of(dt): text_of(dd) for dt, dd in
            re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", body, re.S)}


def test_three_bars_carry_their_numbers_as_text(offline_client):
    page = offline_client.get(f"/widgets/v1/insertion?caller=parcoursup&uai={UAI}")
    body = page.get_data(as_text=True)
    row = bundle().figures(UAI)
    bars = re.findall(r'<li class="insertion-bar [^"]+" data-rate="([a-z_0-9]+)">(.*?)</li>',
                      body, re.S)
    assert [key for key, _ in bars] == list(BARS)
    for key, inner in bars:
        value = row.values[key]
        assert f"{value}\u202f%" in text_of(inner)
        assert f'<rect class="insertion-bar__fill" width="{value}" height="4"/>' in inner
        assert 'aria-hidden="true"' in inner                       # the drawing is decoration
    labels = [text_of(re.search(r'insertion-bar__label">(.*?)<', inner).group(1))
              for _, inner in bars]
    assert labels == ["En emploi", "En formation", "Autres situations"]


def test_tables_have_a_caption_column_and_row_headers(offline_client):
    body = offline_client.get(f"/widgets/v1/insertion?caller=demo&uai={UAI}").get_data(as_text=True)
    tables = re.findall(r"<table>(.*?)</table>", body, re.S)
    assert len(tables) == 2                                # shares, leavers (no contract rate)
    for table in tables:
        assert "<caption>" in table and '<th scope="col">' in table
        for row in re.findall(r"<tr data-rate=[^>]*>(.*?)</tr>", table, re.S):
            assert row.strip().startswith('<th scope="row">')
    shares, leavers = (text_of(t) for t in tables)
    assert "en % des jeunes inscrits en dernière année" in shares
    assert "Taux d'emploi des jeunes qui ont arrêté leurs études" in leavers
    va = bundle().figures(UAI).values["valeur_ajoutee_6_mois"]
    word = "point" if abs(va) < 2 else "points"
    sign = "+" if va > 0 else ("\u2212" if va < 0 else "")
    assert f"Valeur ajoutée du CFA (écart avec le taux attendu) {sign}{abs(va)} {word}" in leavers


def test_the_definitions_are_always_there_and_the_value_added_never_alone(offline_client,
                                                                         api_client):
    cfa = offline_client.get(f"/widgets/v1/insertion?caller=demo&uai={UAI}").get_data(as_text=True)
    shown = re.findall(r'data-definition="([a-z_]+)"', cfa)
    assert {"en_emploi", "shares", "leavers", "expected", "value_added", "threshold",
            "cumul"} <= set(shown)
    assert "pas forcément dans le métier préparé" in text_of(cfa)
    assert "emploi salarié en France" in text_of(cfa)
    national = api_client.get(f"/widgets/v1/insertion?caller=demo&cfd={CFD}").get_data(as_text=True)
    assert "valeur_ajoutee_6_mois" not in national and 'data-definition="value_added"' not in national
    assert 'data-definition="en_emploi"' in national and 'data-definition="cumul"' not in national
    assert 'data-definition="contracts"' in national          # the API gives broken contracts


def test_the_context_says_scope_population_millesime_and_the_source(offline_client):
    page = offline_client.get(f"/widgets/v1/insertion?caller=demo&uai={UAI}").get_data(as_text=True)
    row = bundle().figures(UAI)
    assert facts(page) == {
        "Formation": "Toutes les formations en apprentissage du CFA",
        "Établissement": f"{row.label} (UAI {UAI})",
        "Périmètre": "Cet établissement",
        "Jeunes concernés": "Apprentis",
        "Millésime": "cumul 2023-2024 (deux années cumulées)"}
    body = text_of(page)
    assert "fr-en-inserjeunes-cfa" in body and "Données du 24/04/2026" in body
    assert "Voir la source (nouvelle fenêtre)" in body


def test_withheld_rates_say_so_and_are_never_zero(offline_client):
    uai = next(u for u in sorted(bundle().establishments)
               if (f := bundle().figures(u)).values["part_en_emploi_6_mois"] is not None
               and f.values["taux_emploi_6_mois"] is None)
    body = offline_client.get(f"/widgets/v1/insertion?caller=demo&uai={uai}").get_data(as_text=True)
    row = re.search(r'<tr data-rate="taux_emploi_6_mois">(.*?)</tr>', body, re.S).group(1)
    assert "Non publié : trop peu d&#39;élèves" in row and "%" not in row
    assert "Certains taux ne sont pas affichés" in html.unescape(body)


def test_strict_headers_no_inline_code_no_cookie(offline_client):
    response = offline_client.get(f"/widgets/v1/insertion?caller=parcoursup&uai={UAI}")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'self' https://dossierappel.parcoursup.fr" in csp
    body = response.get_data(as_text=True)
    assert " style=" not in body and not re.search(r"\son[a-z]+=", body)
    assert re.findall(r"<script[^>]*>", body) == [
        re.search(r'<script src="/static/js/frame\.js\?v=[0-9a-f]+" defer>', body).group(0)]
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"].startswith("public")


def test_texts_are_admin_editable_per_caller(offline_app):
    store = TextStore()
    store.overrides[("insertion.bar.part_en_emploi_6_mois", "parcoursup")] = "Ont un emploi"
    store.overrides[("insertion.note.all_formations", "*")] = "Tout le CFA, toutes formations."
    offline_app.extensions["content_store"] = store
    client = offline_app.test_client()
    parcoursup = client.get(f"/widgets/v1/insertion?caller=parcoursup&uai={UAI}").get_data(as_text=True)
    affelnet = client.get(f"/widgets/v1/insertion?caller=affelnet&uai={UAI}").get_data(as_text=True)
    assert "Ont un emploi" in parcoursup and "Ont un emploi" not in affelnet
    assert "Tout le CFA, toutes formations." in affelnet
    api = client.get(f"/api/v1/insertion?uai={UAI}&caller=parcoursup").get_json()
    assert api["message"] == "Tout le CFA, toutes formations."
