"""``/api/v1/insertion`` and the widget page against the fake Exposition API: which source
answers, and for each fault of the API what the JSON and the page show."""
from __future__ import annotations

import html
import re

import pytest

from bff.caching import cache
from bff.insertion.service import insertion_line
from fake_exposition import (CFD, CFD_FIRST_YEAR, CFD_OLD, CFD_SMALL, MEF, SISE,
                             THRESHOLD_MESSAGE, UAI, UAI_MANAGER, UAI_SITE, default_answers)
from widgets.insertion.figures import bundle

UNAVAILABLE = "momentanément indisponibles"


def national(code, millesime=None):
    answers = default_answers()[("national", "", code)]
    return answers[millesime] if millesime else next(iter(answers.values()))


def page_text(response) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_a_certification_nationally_keeps_the_two_families_apart(api_client, exposition):
    answer = api_client.get(f"/api/v1/insertion?cfd={CFD}").get_json()
    source = national(f"CFD:{CFD}")
    assert answer["scope"] == "national" and answer["population"] == "apprentissage"
    assert answer["millesime"] == "2023" and answer["code"] == f"CFD:{CFD}"
    assert answer["label"] == source["libelle"] and answer["establishment"] is None
    rates = answer["rates"]
    assert rates["part_en_emploi_6_mois"] == source["taux_en_emploi_6_mois"]
    assert rates["part_en_formation"] == source["taux_en_formation"]
    assert rates["part_autres_6_mois"] == source["taux_autres_6_mois"]
    assert rates["part_en_emploi_12_mois"] == source["taux_en_emploi_12_mois"]
    assert rates["part_contrats_interrompus"] == source["taux_rupture_contrats"]
    # The API publishes no employment rate of leavers: null, never derived from shares.
    assert all(rates[k] is None for k in ("taux_emploi_6_mois", "taux_emploi_12_mois",
                                          "taux_emploi_6_mois_attendu", "valeur_ajoutee_6_mois"))
    assert answer["cohort"]["nb_annee_term"] == source["nb_annee_term"]
    assert answer["below_threshold"] is False and answer["compared"] is None
    assert answer["source"]["date"] == "2026-03-02"
    assert list(answer)[:11] == ["scope", "millesime", "millesime_label", "population", "label",
                                 "code", "establishment", "region", "rates", "cohort",
                                 "below_threshold"]


def test_uai_and_cfd_ask_the_establishment_route(api_client, exposition):
    answer = api_client.get(f"/api/v1/insertion?uai={UAI.lower()}&cfd={CFD}").get_json()
    assert exposition.calls[0]["path"].endswith(f"/formations/{UAI}-CFD:{CFD}")
    assert answer["scope"] == "etablissement" and answer["millesime"] == "2022_2023"
    assert answer["establishment"] == {"uai": UAI, "label": "CFA EXEMPLE DE LYON (fictif)",
                                       "data_from": None}
    older = api_client.get(f"/api/v1/insertion?uai={UAI}&cfd={CFD}&millesime=2021-2022")
    assert older.get_json()["millesime"] == "2021_2022"


def test_a_region_code_asks_the_regional_route(api_client, exposition):
    answer = api_client.get(f"/api/v1/insertion?cfd={CFD}&region=84").get_json()
    assert exposition.calls[0]["path"].endswith(f"/regionales/84/certifications/CFD:{CFD}")
    assert answer["scope"] == "region" and answer["region"] == {"code": "84",
                                                                "name": "Auvergne-Rhône-Alpes"}
    page = api_client.get(f"/widgets/v1/insertion?caller=demo&cfd={CFD}&region=84")
    assert "Région Auvergne-Rhône-Alpes" in page_text(page)


def test_uai_alone_uses_the_bundled_figures_without_calling_the_api(api_client, exposition):
    answer = api_client.get(f"/api/v1/insertion?uai={UAI}").get_json()
    row = bundle().figures(UAI)
    assert exposition.count == 0
    assert answer["rates"]["part_en_emploi_6_mois"] == row.values["part_en_emploi_6_mois"]
    assert answer["label"] is None and answer["establishment"]["label"] == row.label
    assert [n["code"] for n in answer["notes"]] == ["all_formations"]
    assert answer["source"]["url"].startswith("https://data.education.gouv.fr/")


def test_apprenticeship_and_school_route_side_by_side(api_client, exposition):
    answer = api_client.get(f"/api/v1/insertion?cfd={CFD}&mefstat11={MEF}").get_json()
    compared = answer["compared"]
    school = national(f"MEFSTAT11:{MEF}")
    assert answer["population"] == "apprentissage"
    assert compared["population"] == "voie_scolaire" and compared["scope"] == "national"
    assert compared["rates"]["part_en_emploi_6_mois"] == school["taux_en_emploi_6_mois"]
    assert "compared" not in compared
    regional = api_client.get(f"/api/v1/insertion?cfd={CFD}&mefstat11={MEF}&region=84")
    assert regional.get_json()["compared"]["scope"] == "region"
    page = api_client.get(f"/widgets/v1/insertion?caller=demo&cfd={CFD}&mefstat11={MEF}")
    text = page_text(page)
    assert "Apprentis (France entière, 2023)" in text
    assert "Voie scolaire (France entière, 2023)" in text
    assert "Jeunes concernés Apprentis ; Élèves de la voie professionnelle scolaire" in \
        " ".join(text.split())
    headers = re.findall(r'<th scope="col">([^<]+)</th>', page.get_data(as_text=True))
    assert headers[:3] == ["Indicateur", "Apprentis (France entière, 2023)",
                           "Voie scolaire (France entière, 2023)"]
    contracts = re.search(r'<tr data-rate="part_contrats_interrompus">(.*?)</tr>',
                          page.get_data(as_text=True), re.S).group(1)
    assert "Sans objet" in contracts


@pytest.mark.parametrize("mode, note", [("404", "compared_not_found"),
                                        ("500", "compared_unavailable")])
def test_a_missing_comparison_is_said_not_invented(api_client, exposition, mode, note):
    if mode == "404":
        exposition.answers.pop(("national", "", f"MEFSTAT11:{MEF}"))
    else:
        exposition.mode_for = {"MEFSTAT11": "500"}
    answer = api_client.get(f"/api/v1/insertion?cfd={CFD}&mefstat11={MEF}").get_json()
    assert answer["compared"] is None
    assert answer["rates"]["part_en_emploi_6_mois"] is not None
    assert note in [n["code"] for n in answer["notes"]]


def test_under_the_threshold_rates_are_null_with_the_sources_message(api_client, exposition):
    answer = api_client.get(f"/api/v1/insertion?cfd={CFD_SMALL}").get_json()
    assert answer["below_threshold"] is True
    assert set(answer["rates"].values()) == {None}
    assert answer["message"] == THRESHOLD_MESSAGE
    assert answer["cohort"]["nb_annee_term"] == 12
    page = api_client.get(f"/widgets/v1/insertion?caller=demo&cfd={CFD_SMALL}")
    text = page_text(page)
    assert page.status_code == 200 and THRESHOLD_MESSAGE in text
    assert "Non publié : trop peu d'élèves" in text
    assert not re.search(r"\d\s*\u202f?%", text)               # no percentage at all


def test_the_threshold_holds_even_if_the_api_sent_numbers(api_client, exposition):
    answers = exposition.answers[("national", "", f"CFD:{CFD_SMALL}")]
    answers["2023"].update(taux_en_emploi_6_mois=0, taux_en_formation=25, taux_autres_6_mois=75)
    answer = api_client.get(f"/api/v1/insertion?cfd={CFD_SMALL}").get_json()
    assert set(answer["rates"].values()) == {None} and answer["below_threshold"] is True


def test_no_data_for_a_millesime_answers_404_with_the_available_ones(api_client, exposition):
    response = api_client.get(f"/api/v1/insertion?cfd={CFD}&millesime=2019")
    body = response.get_json()
    assert response.status_code == 404 and body["millesimes"] == ["2023", "2022"]
    assert body["error"]["code"] == "not_found"
    assert "Millésimes disponibles : 2023, 2022." in body["error"]["message"]
    page = api_client.get(f"/widgets/v1/insertion?caller=demo&cfd={CFD}&millesime=2019")
    assert page.status_code == 404
    assert "Millésimes disponibles : 2023, 2022." in page_text(page)


def test_an_unknown_code_or_cfa_answers_404(api_client, exposition):
    unknown = api_client.get("/api/v1/insertion?cfd=99999999")
    assert unknown.status_code == 404 and unknown.get_json()["millesimes"] == []
    assert unknown.get_json()["error"]["message"] == ("Aucun chiffre InserJeunes n'est publié "
                                                      "pour cette demande.")
    no_cfa = api_client.get("/api/v1/insertion?uai=9999999Z")
    assert no_cfa.status_code == 404 and no_cfa.get_json()["millesimes"] == []
    old = api_client.get(f"/api/v1/insertion?uai={UAI}&millesime=2017_2018").get_json()
    assert old["millesimes"] == bundle().millesimes(UAI)
    assert "cumul 2023-2024" in old["error"]["message"]


def test_a_code_that_is_not_a_final_year_points_to_the_final_year_codes(api_client, exposition):
    response = api_client.get(f"/api/v1/insertion?cfd={CFD_FIRST_YEAR}")
    assert response.status_code == 404
    assert "CFD:40099998" in response.get_json()["error"]["message"]


def test_figures_of_a_predecessor_diploma_or_of_the_managing_cfa_are_said_so(api_client,
                                                                           exposition):
    old = api_client.get(f"/api/v1/insertion?cfd={CFD_OLD}").get_json()
    assert [n["code"] for n in old["notes"]] == ["predecessor_diploma"]
    assert "ancien diplôme (32031408)" in old["message"]
    site = api_client.get(f"/api/v1/insertion?uai={UAI_SITE}&cfd={CFD}").get_json()
    assert site["establishment"]["uai"] == UAI_SITE
    assert site["establishment"]["data_from"] == {"uai": UAI_MANAGER, "type": "gestionnaire"}
    assert f"CFA gestionnaire ({UAI_MANAGER})" in site["message"]
    page = api_client.get(f"/widgets/v1/insertion?caller=demo&uai={UAI_SITE}&cfd={CFD}")
    assert f"CFA gestionnaire ({UAI_MANAGER})" in page_text(page)


def test_higher_education_codes_go_through_sise(api_client, exposition):
    answer = api_client.get(f"/api/v1/insertion?sise={SISE}").get_json()
    assert answer["population"] == "superieur" and answer["code"] == f"SISE:{SISE}"


# Faults of the API ----------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["500", "malformed", "invalid", "not_object"])
def test_a_failing_api_gives_503_and_the_page_says_unavailable(api_client, exposition, mode):
    exposition.reset(mode)
    response = api_client.get(f"/api/v1/insertion?cfd={CFD}")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "upstream_unavailable"
    assert response.headers["Retry-After"] == "60"
    assert "no-store" in response.headers["Cache-Control"]
    page = api_client.get(f"/widgets/v1/insertion?caller=demo&cfd={CFD}")
    assert page.status_code == 503 and UNAVAILABLE in page_text(page)
    assert not re.search(r"\d\s*\u202f?%", page_text(page))


def test_a_slow_api_within_the_budget_still_answers(api_client, exposition):
    exposition.reset("slow", delay=0.3)
    assert api_client.get(f"/api/v1/insertion?cfd={CFD}").status_code == 200


def test_a_too_slow_api_falls_back_to_the_cfas_bundled_figures(api_client, exposition):
    exposition.reset("slow", delay=3.0)
    response = api_client.get(f"/api/v1/insertion?uai={UAI}&cfd={CFD}")
    answer = response.get_json()
    assert response.status_code == 200
    assert answer["notes"][0]["code"] == "fallback_all_formations"
    assert answer["label"] is None and answer["code"] is None      # the whole CFA's figures
    assert answer["rates"]["part_en_emploi_6_mois"] == \
        bundle().figures(UAI).values["part_en_emploi_6_mois"]
    assert response.headers["Cache-Control"] == "public, max-age=30"
    page = api_client.get(f"/widgets/v1/insertion?caller=demo&uai={UAI}&cfd={CFD}")
    assert "voici ceux de l'ensemble du CFA" in page_text(page)
    assert "Toutes les formations en apprentissage du CFA" in page_text(page)


def test_a_stale_copy_is_served_while_the_api_fails(api_app, api_client, exposition):
    fresh = api_client.get(f"/api/v1/insertion?cfd={CFD}").get_json()
    with api_app.app_context():
        from bff.insertion.service import insertion_service
        fresh_key, stale_key = insertion_service().answers.keys(f"national:fr:CFD:{CFD}:latest")
        assert cache.get(stale_key) is not None
        cache.delete(fresh_key)                              # as when the TTL is over
    exposition.reset("500")
    response = api_client.get(f"/api/v1/insertion?cfd={CFD}")
    answer = response.get_json()
    assert response.status_code == 200 and answer["stale"] is True
    assert answer["rates"] == fresh["rates"]
    assert "stale" in [n["code"] for n in answer["notes"]]
    assert response.headers["Cache-Control"] == "public, max-age=30"
    page = api_client.get(f"/widgets/v1/insertion?caller=demo&cfd={CFD}")
    assert "ces chiffres sont ceux de la dernière consultation" in page_text(page)


def test_answers_are_cached_by_code_place_and_millesime(api_client, exposition):
    for _ in range(3):
        assert api_client.get(f"/api/v1/insertion?cfd={CFD}").status_code == 200
    assert exposition.count == 1
    api_client.get(f"/api/v1/insertion?cfd={CFD}&millesime=2022")
    api_client.get(f"/api/v1/insertion?cfd={CFD}&region=84")
    assert exposition.count == 3
    api_client.get(f"/api/v1/insertion?cfd={CFD}&millesime=2019")      # a 404 is kept too
    api_client.get(f"/api/v1/insertion?cfd={CFD}&millesime=2019")
    assert exposition.count == 4


@pytest.mark.redis
def test_the_cache_lifetime_is_set_in_days(tmp_path, exposition, redis_url, redis_prefix):
    import redis

    from insertion_helpers import make_app
    app = make_app(tmp_path, exposition.url, CACHE_TYPE="bff.caching.backend.ResilientRedisCache",
                   CACHE_REDIS_URL=redis_url, CACHE_KEY_PREFIX=redis_prefix,
                   INSERJEUNES_CACHE_TTL_DAYS=3, INSERJEUNES_STALE_DAYS=40)
    assert app.test_client().get(f"/api/v1/insertion?cfd={CFD}&millesime=2022").status_code == 200
    with app.app_context():
        from bff.insertion.service import insertion_service
        fresh_key, stale_key = insertion_service().answers.keys(f"national:fr:CFD:{CFD}:2022")
    assert "2022" in fresh_key
    store = redis.Redis.from_url(redis_url)
    assert 3 * 86400 - 60 < store.ttl(redis_prefix + fresh_key) <= 3 * 86400
    assert 40 * 86400 - 60 < store.ttl(redis_prefix + stale_key) <= 40 * 86400
    store.close()


def test_with_the_client_off_formations_are_unavailable_and_cfas_still_shown(offline_client):
    answer = offline_client.get(f"/api/v1/insertion?cfd={CFD}").get_json()
    assert answer["code"] == f"CFD:{CFD}" and set(answer["rates"].values()) == {None}
    assert [n["code"] for n in answer["notes"]] == ["unavailable"]
    assert answer["below_threshold"] is False
    page = offline_client.get(f"/widgets/v1/insertion?caller=demo&cfd={CFD}")
    assert page.status_code == 200 and "ne sont pas disponibles" in page_text(page)
    assert "insertion__bars" not in page.get_data(as_text=True)
    fallback = offline_client.get(f"/api/v1/insertion?uai={UAI}&cfd={CFD}").get_json()
    assert fallback["notes"][0]["code"] == "fallback_all_formations"


# The one line of the wish summary ---------------------------------------------------------

def test_the_one_line_for_a_wish_summary(api_app, exposition):
    with api_app.app_context():
        row = bundle().figures(UAI)
        assert insertion_line(uai=UAI) == (
            f"{row.values['part_en_emploi_6_mois']}\u202f% des apprentis de ce CFA en emploi "
            "6 mois après leur sortie")
        rate = national(f"CFD:{CFD}")["taux_en_emploi_6_mois"]
        assert insertion_line(cfd=CFD) == (f"{rate}\u202f% des apprentis de cette formation en "
                                           "France en emploi 6 mois après leur sortie")
        assert insertion_line(cfd=CFD_SMALL) is None              # under the threshold
        assert insertion_line(cfd="nope") is None                 # bad code
        assert insertion_line() is None
        exposition.reset("500")
        assert insertion_line(cfd=MEF[:8]) is None                # unavailable


def test_the_one_line_falls_back_to_the_leavers_rate_with_its_own_words(offline_app):
    uai = next(u for u in bundle().establishments
               if (f := bundle().figures(u)).values["part_en_emploi_6_mois"] is None
               and f.values["taux_emploi_6_mois"] is not None)
    with offline_app.app_context():
        line = insertion_line(uai=uai)
    rate = bundle().figures(uai).values["taux_emploi_6_mois"]
    assert line == f"{rate}\u202f% des apprentis de ce CFA sortis d'études en emploi 6 mois après"


def test_readiness_reports_the_inserjeunes_circuit_without_failing(tmp_path, exposition):
    from insertion_helpers import make_app
    client = make_app(tmp_path, exposition.url, INSERJEUNES_BREAKER_THRESHOLD=3).test_client()
    assert client.get("/readyz").get_json()["checks"]["inserjeunes"]["circuit"] == "closed"
    exposition.reset("500")
    for millesime in ("2019", "2020", "2021", "2022"):
        client.get(f"/api/v1/insertion?cfd={CFD}&millesime={millesime}")
    ready = client.get("/readyz")
    assert ready.get_json()["checks"]["inserjeunes"]["circuit"] == "open"
    assert ready.status_code == 200      # the widget serves cached or bundled figures meanwhile
