"""The guide widget page and its JSON API, through the Flask test client."""
from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets.guide.entries import entries

CLE = "088281P01313885594860007038855948600070-67118#L01"
PAGE = "/widgets/v1/guide"


class Links(HTMLParser):
    """Every <a>, with its attributes and its text (screen-reader text included)."""

    def __init__(self):
        super().__init__()
        self.links, self._open = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open = {"attrs": dict(attrs), "text": ""}
            self.links.append(self._open)

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data


def links_of(html):
    parser = Links()
    parser.feed(html)
    return parser.links


def page(client, **params):
    params.setdefault("caller", "demo")
    response = client.get(PAGE, query_string=params)
    return response, unescape(response.get_data(as_text=True))


# -- text fallback per platform, through the ContentStore seam -------------------------

def test_default_texts_without_any_override(client, guide_store):
    _, html = page(client, platform="parcoursup")
    assert "Un apprenti est un salarié" in html
    assert "Vous n'avez plus le statut d'étudiant." in html


def test_override_for_all_platforms_applies_to_each(client, guide_store):
    guide_store.overrides[("guide.fact.pay.title", "*")] = "Un vrai salaire"
    for platform in ("parcoursup", "affelnet"):
        _, html = page(client, platform=platform)
        assert "Un vrai salaire" in html and "Un salaire chaque mois" not in html


def test_override_for_one_platform_beats_all_and_stays_on_that_platform(client, guide_store):
    guide_store.overrides[("guide.fact.pay.title", "*")] = "Pour tous"
    guide_store.overrides[("guide.fact.pay.title", "platform:affelnet")] = "Pour Affelnet seulement"
    _, affelnet = page(client, platform="affelnet")
    _, parcoursup = page(client, platform="parcoursup")
    assert "Pour Affelnet seulement" in affelnet and "Pour tous" not in affelnet
    assert "Pour tous" in parcoursup and "Pour Affelnet seulement" not in parcoursup
    # The caller named after the platform reads the same override.
    _, by_caller = page(client, caller="affelnet")
    assert "Pour Affelnet seulement" in by_caller


def test_caller_override_beats_platform_override(client, guide_store):
    guide_store.overrides[("guide.fact.pay.title", "platform:affelnet")] = "Affelnet"
    guide_store.overrides[("guide.fact.pay.title", "demo")] = "Démonstration"
    _, html = page(client, caller="demo", platform="affelnet")
    assert "Démonstration" in html and ">Affelnet<" not in html


def test_platform_wording_is_a_text_of_its_own(client, guide_store):
    _, affelnet = page(client, platform="affelnet")
    assert "Vous n'avez plus le statut de lycéen." in affelnet
    assert "statut d'étudiant." not in affelnet
    # Overriding the common text leaves the platform's own wording in place...
    guide_store.overrides[("guide.fact.status.text", "*")] = "Texte commun modifié."
    _, affelnet = page(client, platform="affelnet")
    _, parcoursup = page(client, platform="parcoursup")
    assert "Texte commun modifié." in parcoursup and "Texte commun modifié." not in affelnet
    # ...which admins override under its own key.
    guide_store.overrides[("guide.fact.status.text.affelnet", "*")] = "Texte Affelnet modifié."
    _, affelnet = page(client, platform="affelnet")
    assert "Texte Affelnet modifié." in affelnet


def test_platform_defaults_to_the_callers(client, guide_store):
    _, html = page(client, caller="affelnet")
    assert 'data-platform="affelnet"' in html
    _, html = page(client, caller="demo")
    assert 'data-platform="parcoursup"' in html


def test_api_applies_the_same_fallback(client, guide_store):
    guide_store.overrides[("guide.faq.pay.question", "platform:affelnet")] = "Quel salaire en CAP ?"
    body = client.get("/api/v1/guide?platform=affelnet").get_json()
    assert next(f for f in body["faq"] if f["id"] == "pay")["question"] == "Quel salaire en CAP ?"
    body = client.get("/api/v1/guide?platform=parcoursup").get_json()
    assert next(f for f in body["faq"] if f["id"] == "pay")["question"] == "Combien gagne un apprenti ?"


# -- page structure ---------------------------------------------------------------------

def test_compact_by_default_with_a_native_disclosure(client):
    response, html = page(client, platform="parcoursup")
    assert response.status_code == 200
    compact = html.split('<details class="aw-guide__more"')[0]
    assert compact.count('class="aw-guide__fact"') == 3
    assert re.search(r'<details class="aw-guide__more" id="guide-more">\s*<summary', html)
    assert "En savoir plus" in html


def test_every_amount_and_rule_shows_source_and_check_date(client):
    _, html = page(client, platform="parcoursup")
    blocks = re.split(r'(?=id="guide-(?:fact|employer|scheme|faq|step)-)', html)[1:]
    dated = [b for b in blocks if re.match(r'id="guide-(fact|employer|scheme|faq)-(?!heading)', b)]
    shown = [e for s in ("fact", "employer", "scheme", "faq") for e in entries(s, "parcoursup")
             if not e.abolished]
    assert len(dated) == len(shown)
    status = {f"{e.section}-{e.id}": e.status for e in shown}
    for block in dated:
        key = re.match(r'id="guide-([a-z]+-[a-z0-9_]+)"', block).group(1)
        assert "Source :" in block, key
        if status[key] == "verifie":
            assert "vérifié le 29 novembre 2026" in block and "À confirmer" not in block, key
        else:     # never shown as certain: a badge and the date it was only noted
            assert "À confirmer" in block and "vérifié le" not in block, key
            assert "Information relevée le 29 novembre 2026, pas encore confirmée" in block, key
    # The abolished driving-licence aid is not offered (its FAQ says it is gone).
    assert 'id="guide-scheme-driving_licence"' not in html
    assert "500\u00a0€, une seule fois" not in html


def test_support_schemes_carry_dsfr_tags(client):
    _, html = page(client, platform="parcoursup")
    scheme = html.split('id="guide-scheme-mobili_jeune"')[1].split("</li>\n")[0]
    assert 'class="fr-tags-group fr-tags-group--sm" aria-label="Conditions principales"' in scheme
    assert '<p class="fr-tag fr-tag--sm">Moins de 30 ans</p>' in scheme


def test_links_are_well_formed_and_open_in_a_new_tab_announced(client):
    _, html = page(client, platform="parcoursup", cle_ministere_educatif=CLE)
    links = [a for a in links_of(html) if not a["attrs"]["href"].startswith("/widgets/")]
    assert len(links) > 15
    for link in links:
        href = link["attrs"]["href"]
        parts = urlsplit(href)
        assert parts.scheme in ("http", "https") and parts.netloc, href
        assert " " not in href
        assert link["attrs"].get("target") == "_blank", href
        assert set(link["attrs"].get("rel", "").split()) >= {"noopener", "noreferrer"}, href
        assert "(nouvel onglet)" in link["text"], href
    hrefs = [a["attrs"]["href"] for a in links]
    appointment = next(h for h in hrefs if "/rdva?" in h)
    assert parse_qs(urlsplit(appointment).query) == {"referrer": ["parcoursup"],
                                                     "cleMinistereEducatif": [CLE]}
    assert "https://candidat.francetravail.fr/offres/recherche?natureOffre=E2" in hrefs
    assert "https://labonnealternance.apprentissage.beta.gouv.fr/" in hrefs
    offer = next(h for h in hrefs if "/widgets/v1/offer-search" in h)
    assert parse_qs(urlsplit(offer).query) == {"caller": ["demo"]}


def test_no_appointment_link_without_a_training_key(client):
    _, html = page(client, platform="parcoursup")
    assert "/rdva?" not in html


def test_page_follows_the_csp_rules(client):
    response, html = page(client, platform="affelnet", q="essai")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html and not re.search(r"\son[a-z]+=", html)
    assert "Set-Cookie" not in response.headers
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


# -- FAQ search without JavaScript (?q=) -------------------------------------------------

def faq_state(html):
    """(id, hidden, open) of each FAQ item as the server sent it."""
    return [(m.group(1), " hidden" in m.group(2), " open" in m.group(2))
            for m in re.finditer(r'<details class="aw-guide-faq__item" id="guide-faq-([a-z_]+)"([^>]*)>', html)]


@pytest.mark.parametrize("query", ["PÉRIODE d'ESSAI", "periode dessai".replace("dessai", "d essai"), "ESSAI"])
def test_server_search_ignores_accents_and_case(client, query):
    _, html = page(client, platform="parcoursup", q=query)
    state = faq_state(html)
    shown = [i for i, hidden, _ in state if not hidden]
    assert shown == ["trial_period"]
    assert all(is_open for i, hidden, is_open in state if not hidden)
    assert re.search(r'<details class="aw-guide__more" id="guide-more" open>', html)
    assert "1 résultat pour « " in html
    assert 'value="' + query + '"' in html


def test_server_search_keeps_the_host_parameters_in_the_form(client):
    _, html = page(client, platform="affelnet", q="x", cle_ministere_educatif=CLE,
                   host_origin="http://localhost:8000", theme="dark", **{"bad name": "x"})
    form = html.split('<form class="aw-guide-search"')[1].split("</form>")[0]
    for name, value in (("caller", "demo"), ("platform", "affelnet"),
                        ("cle_ministere_educatif", CLE.replace("#", "#")),
                        ("host_origin", "http://localhost:8000"), ("theme", "dark")):
        assert f'<input type="hidden" name="{name}" value="{value}">' in form
    assert 'name="q"' not in form.split('id="guide-q"')[0] and "bad name" not in form


def test_server_search_without_result_says_so(client):
    _, html = page(client, platform="parcoursup", q="zzzz")
    assert all(hidden for _, hidden, _ in faq_state(html))
    assert "Aucun résultat pour « zzzz »" in html
    assert "Effacer la recherche" in html


def test_too_long_search_is_explained_next_to_the_field(client):
    response, html = page(client, platform="parcoursup", q="a" * 101)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in html
    assert 'id="guide-q-error"' in html and "au plus 100 caractères" in html
    assert re.search(r'aria-describedby="[^"]*guide-q-error', html)
    assert not any(hidden for _, hidden, _ in faq_state(html))


@pytest.mark.parametrize("params, message", [
    ({"platform": "onisep"}, "Plateforme inconnue"),
    ({"platform": "parcoursup", "cle_ministere_educatif": "pas une clé"}, "Clé ministère éducatif mal formée"),
    ({"caller": ""}, "obligatoire"),
    ({"caller": "inconnu"}, "n'est pas enregistrée"),
])
def test_bad_host_parameters_get_a_french_400_page(client, params, message):
    response, html = page(client, **params)
    assert response.status_code == 400
    assert message in html


# -- JSON API -----------------------------------------------------------------------------

def test_api_returns_the_structured_content(client):
    response = client.get("/api/v1/guide", query_string={"platform": "affelnet", "caller": "affelnet",
                                                           "cle_ministere_educatif": CLE})
    assert response.status_code == 200
    body = response.get_json()
    assert body["platform"] == "affelnet" and body["caller"] == "affelnet"
    assert [f["compact"] for f in body["key_facts"]].count(True) == 3
    assert "driving_licence" not in [s["id"] for s in body["support_schemes"]]   # abolished
    scheme = next(s for s in body["support_schemes"] if s["id"] == "activity_bonus")
    assert scheme["amount"] == "Selon les ressources du foyer"
    assert scheme["tags"] == ["Plus de 18 ans", "Selon le salaire"]
    assert scheme["checked_on"] == "2026-11-29" and scheme["review_by"] == "2027-04-30"
    assert scheme["status"] == "verifie"
    assert scheme["source"]["url"] == "https://www.service-public.fr/particuliers/vosdroits/F33375"
    assert next(s for s in body["support_schemes"] if s["id"] == "mobili_jeune")["status"] == "a_verifier"
    faq = next(f for f in body["faq"] if f["id"] == "affelnet_wish")
    assert faq["answer_html"].startswith("<p>") and "\n\n" in faq["answer"]
    assert body["next_steps"][0]["url"].startswith(
        "https://labonnealternance.apprentissage.beta.gouv.fr/rdva?referrer=affelnet&")
    assert "Set-Cookie" not in response.headers


def test_api_search_returns_only_matching_questions(client):
    body = client.get("/api/v1/guide?platform=parcoursup&q=ESSAI").get_json()
    assert [f["id"] for f in body["faq"]] == ["trial_period"]
    assert body["faq_search"] == {"query": "ESSAI", "count": 1}
    # The search over the whole guide answers per section.
    body = client.get("/api/v1/guide?platform=parcoursup&q=logement").get_json()
    assert body["search"]["query"] == "logement" and body["search"]["count"] >= 3
    assert {"mobili_jeune", "housing_aid", "rent_guarantee"} <= set(body["search"]["matches"]["support_schemes"])
    assert client.get("/api/v1/guide?platform=parcoursup").get_json()["search"]["matches"] is None


@pytest.mark.parametrize("query, fields", [
    ("platform=lycee", {"platform"}),
    ("platform=parcoursup&cle_ministere_educatif=abc", {"cle_ministere_educatif"}),
    ("platform=x&cle_ministere_educatif=%3Cscript%3E", {"platform", "cle_ministere_educatif"}),
    ("caller=nobody", {"caller"}),
    ("platform=parcoursup&q=" + "a" * 101, {"q"}),
])
def test_api_bad_parameters_answer_400_with_errors_per_field(client, query, fields):
    response = client.get("/api/v1/guide?" + query)
    assert response.status_code == 400
    body = response.get_json()
    assert set(body) == {"errors"} and set(body["errors"]) == fields
    for messages in body["errors"].values():
        assert isinstance(messages, list) and all(isinstance(m, str) and m for m in messages)


QUERY_VALUES = st.one_of(st.text(max_size=120), st.sampled_from(["parcoursup", "affelnet", "demo", CLE, ""]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(
    st.sampled_from(["platform", "caller", "q", "cle_ministere_educatif", "host_origin", "other"]),
    QUERY_VALUES, max_size=5))
def test_no_query_string_yields_a_500(client, params):
    for path in ("/api/v1/guide", PAGE):
        response = client.get(path, query_string=params)
        assert response.status_code in (200, 400), (path, params, response.status_code)
        if path.startswith("/api/") and response.status_code == 400:
            assert "errors" in response.get_json()


def test_a_cached_page_changes_when_content_is_published(client, guide_store):
    _, first = page(client, platform="parcoursup")
    _, again = page(client, platform="parcoursup")
    assert first == again and "Un salaire chaque mois" in again
    guide_store.overrides[("guide.fact.pay.title", "*")] = "Publié à l'instant"   # new version
    _, after = page(client, platform="parcoursup")
    assert "Publié à l'instant" in after and "Un salaire chaque mois" not in after
